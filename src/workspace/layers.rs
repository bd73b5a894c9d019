//! Annotators' layers from the window: a new coder adds their own and codes in it, a
//! layer is renamed (the view's colours and hidden layers follow), or removed with all it
//! holds in one undo step.

use crate::edit::Command;
use crate::model::Layer;

use super::Workspace;
use super::intent::EditIntent;

impl Workspace {
    pub(super) fn layer_intent(&mut self, intent: EditIntent) {
        match intent {
            EditIntent::AddLayer(name) => {
                let name = name.trim().to_owned();
                let added = self.change(Command::AddLayer {
                    index: self.project.layers().len(),
                    layer: Layer { name: name.clone() },
                });
                if added {
                    self.view.layer = name;
                }
            }
            EditIntent::RenameLayer { from, to } => {
                let to = to.trim().to_owned();
                if self.change(Command::RenameLayer {
                    from: from.clone(),
                    to: to.clone(),
                }) {
                    self.follow_rename(&from, &to);
                }
            }
            EditIntent::RemoveLayer(name) => self.remove_layer(name),
            _ => {}
        }
    }

    /// The view's current layer, colours and hidden layers under the layer's new name.
    fn follow_rename(&mut self, from: &str, to: &str) {
        let view = &mut self.view;
        if view.layer == from {
            view.layer = to.to_owned();
        }
        if view.hidden_layers.remove(from) {
            view.hidden_layers.insert(to.to_owned());
        }
        if let Some(colour) = view.layer_colours.remove(from) {
            view.layer_colours.insert(to.to_owned(), colour);
        }
    }

    /// Deletes the layer's annotations (with their links and the decisions naming them),
    /// then the layer (with its labels), as one step.
    fn remove_layer(&mut self, name: String) {
        let ids: Vec<_> = self
            .project
            .annotations()
            .iter()
            .filter(|a| a.layer == name)
            .map(|a| a.id)
            .collect();
        let mut steps = Vec::new();
        if !ids.is_empty() {
            steps.push(Command::DeleteMany(ids));
        }
        steps.push(Command::RemoveLayer(name.clone()));
        if self.change(Command::Batch(steps)) && self.view.layer == name {
            self.view.layer = self
                .project
                .layers()
                .first()
                .map(|l| l.name.clone())
                .unwrap_or_default();
        }
    }
}
