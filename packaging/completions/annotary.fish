# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_annotary_global_optspecs
    string join \n h/help V/version
end

function __fish_annotary_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_annotary_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_annotary_using_subcommand
    set -l cmd (__fish_annotary_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c annotary -n "__fish_annotary_needs_command" -s h -l help -d 'Print help'
complete -c annotary -n "__fish_annotary_needs_command" -s V -l version -d 'Print version'
complete -c annotary -n "__fish_annotary_needs_command" -a "schema" -d 'Write a project\'s tags and schema as brat\'s annotation.conf, or take one in'
complete -c annotary -n "__fish_annotary_needs_command" -a "manual" -d 'Write the manual page (man 1, roff) to standard output: `annotary manual > annotary.1`; with a folder, write there a page for each subcommand too (annotary-export.1, …)'
complete -c annotary -n "__fish_annotary_needs_command" -a "completions" -d 'Write the completion script for a shell to standard output, e.g. `annotary completions bash > /usr/share/bash-completion/completions/annotary`'
complete -c annotary -n "__fish_annotary_needs_command" -a "check" -d 'Validate project files without opening a window'
complete -c annotary -n "__fish_annotary_needs_command" -a "synth" -d 'Write a deterministic synthetic project for measuring speed'
complete -c annotary -n "__fish_annotary_needs_command" -a "bench" -d 'Open a project and drive the real UI headless: scroll, jump, edit, save; print timings'
complete -c annotary -n "__fish_annotary_needs_command" -a "agreement" -d 'Inter-annotator agreement between layers, over the project, per tag and per document'
complete -c annotary -n "__fish_annotary_needs_command" -a "suggest" -d 'Print the suggestions a coder would be offered: forms the layer tagged elsewhere, dates in the text (with their ISO value), spans a tagger trained on the layer finds (with its confidence). One per line, or JSON'
complete -c annotary -n "__fish_annotary_needs_command" -a "layout" -d 'Print how the document view lays a document out, as JSON: each wrapped line (top, bottom) with its clusters left to right as drawn (start, end in code points; x, width in points from the text\'s left edge), and each annotation\'s ranges and rectangles. For tests and bug reports'
complete -c annotary -n "__fish_annotary_needs_command" -a "export" -d 'Export annotations for other tools: brat, conll, conllu, jsonl, labelstudio, csv, w3c, xmi, qdpx (a REFI-QDA project for MAXQDA, ATLAS.ti, NVivo, QualCoder), qdc (its codebook)'
complete -c annotary -n "__fish_annotary_needs_command" -a "import" -d 'Import documents or annotations into a project (created if it does not exist)'
complete -c annotary -n "__fish_annotary_needs_command" -a "merge-driver" -d 'git\'s merge driver for project files (see `git-setup`): merges record by record'
complete -c annotary -n "__fish_annotary_needs_command" -a "git-setup" -d 'Register `merge-driver` for *.ron in this git repository'
complete -c annotary -n "__fish_annotary_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and not __fish_seen_subcommand_from export import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and not __fish_seen_subcommand_from export import help" -f -a "export" -d 'Write FILE\'s tags and schema to CONF'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and not __fish_seen_subcommand_from export import help" -f -a "import" -d 'Take CONF\'s types into FILE (tags added, relation types and attributes replaced by name, the rest kept) and save it'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and not __fish_seen_subcommand_from export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and __fish_seen_subcommand_from export" -l out -d 'Where to write (an annotation.conf)' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand schema; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write FILE\'s tags and schema to CONF'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "import" -d 'Take CONF\'s types into FILE (tags added, relation types and attributes replaced by name, the rest kept) and save it'
complete -c annotary -n "__fish_annotary_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c annotary -n "__fish_annotary_using_subcommand manual" -s h -l help -d 'Print help'
complete -c annotary -n "__fish_annotary_using_subcommand completions" -s h -l help -d 'Print help'
complete -c annotary -n "__fish_annotary_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l chars -d 'Total characters (code points) over all documents; each document ends at a paragraph break, so the total can run over by one paragraph' -r
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l annotations -d 'Total annotations over all documents' -r
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l documents -r
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l layers -d 'Annotator layers; annotations are spread over them' -r
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l seed -r
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l relations -d 'Links from claims to the actors and dates after them (claimant, dated)' -r
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l out -r -F
complete -c annotary -n "__fish_annotary_using_subcommand synth" -l attributes -d 'Give claims a stance and dates a value'
complete -c annotary -n "__fish_annotary_using_subcommand synth" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand bench" -l frames -d 'Scroll steps from the top of the first document to its bottom' -r
complete -c annotary -n "__fish_annotary_using_subcommand bench" -l json -d 'Print one JSON object instead of lines'
complete -c annotary -n "__fish_annotary_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand agreement" -l layers -d 'The layers to compare, separated by commas (default: all)' -r
complete -c annotary -n "__fish_annotary_using_subcommand agreement" -l units-out -d 'Write one row per token (document, start, end, text, each layer\'s label) here' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand agreement" -l csv-out -d 'Write every figure as CSV here (scope, name, measure, value, unit, count)' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand agreement" -l html-out -d 'Write a self-contained HTML report with the charts here' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand agreement" -l json -d 'Print JSON instead of a table'
complete -c annotary -n "__fish_annotary_using_subcommand agreement" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand suggest" -l document -d 'Only this document, by id (default: all)' -r
complete -c annotary -n "__fish_annotary_using_subcommand suggest" -l layer -d 'The coder\'s layer (default: the first)' -r
complete -c annotary -n "__fish_annotary_using_subcommand suggest" -l sources -d 'Which sources to ask, comma-separated: forms, dates, tagger (default: all)' -r -f -a "forms\t''
dates\t''
tagger\t''"
complete -c annotary -n "__fish_annotary_using_subcommand suggest" -l json -d 'Print JSON'
complete -c annotary -n "__fish_annotary_using_subcommand suggest" -l evaluate -d 'Leave-one-document-out precision, recall and F1 against the layer'
complete -c annotary -n "__fish_annotary_using_subcommand suggest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand layout" -l document -d 'The document, by id' -r
complete -c annotary -n "__fish_annotary_using_subcommand layout" -l width -d 'The text column\'s width in points (default: the widest the view draws)' -r
complete -c annotary -n "__fish_annotary_using_subcommand layout" -l font -d 'A font file (.ttf, .otf) to lay out with besides egui\'s own; repeatable, tried in order. The window finds the system\'s fonts itself' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand layout" -s h -l help -d 'Print help'
complete -c annotary -n "__fish_annotary_using_subcommand export" -l format -d 'One of brat, conll, conllu, jsonl, labelstudio (a folder), csv, w3c, xmi (a zip for INCEpTION), qdpx (a REFI-QDA project), qdc (a REFI-QDA codebook: the tags)' -r
complete -c annotary -n "__fish_annotary_using_subcommand export" -l out -d 'A folder for brat, a file for the others' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand export" -l layer -d 'Only this annotator\'s layer. Needed when the project has several layers and the format keeps none (all but csv, w3c, labelstudio and qdpx), so that one annotator\'s spans are not written twice' -r
complete -c annotary -n "__fish_annotary_using_subcommand export" -l documents -d 'Only these documents, by id, separated by commas (default: all)' -r
complete -c annotary -n "__fish_annotary_using_subcommand export" -l all-layers -d 'Write every layer\'s annotations together even where the format cannot tell them apart (each annotator\'s spans then appear once per layer)'
complete -c annotary -n "__fish_annotary_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand import" -l format -d 'One of txt, md, html, docx, odt, rtf, epub, pdf, brat, jsonl, labelstudio, csv, w3c, xmi, qdpx, qdc' -r
complete -c annotary -n "__fish_annotary_using_subcommand import" -l into -d 'The project to import into' -r -F
complete -c annotary -n "__fish_annotary_using_subcommand import" -l layer -d 'The layer (annotator) the annotations go into; created if new; the project\'s first if not given' -r
complete -c annotary -n "__fish_annotary_using_subcommand import" -l dry-run -d 'Print what would come in, and write nothing'
complete -c annotary -n "__fish_annotary_using_subcommand import" -l strict -d 'Exit 1 and write nothing if anything the files give would not come in'
complete -c annotary -n "__fish_annotary_using_subcommand import" -l whole -d 'Import each news-database export (Nexis) as one document instead of splitting it into its articles'
complete -c annotary -n "__fish_annotary_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand git-setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "schema" -d 'Write a project\'s tags and schema as brat\'s annotation.conf, or take one in'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "manual" -d 'Write the manual page (man 1, roff) to standard output: `annotary manual > annotary.1`; with a folder, write there a page for each subcommand too (annotary-export.1, …)'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "completions" -d 'Write the completion script for a shell to standard output, e.g. `annotary completions bash > /usr/share/bash-completion/completions/annotary`'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "check" -d 'Validate project files without opening a window'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "synth" -d 'Write a deterministic synthetic project for measuring speed'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "bench" -d 'Open a project and drive the real UI headless: scroll, jump, edit, save; print timings'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "agreement" -d 'Inter-annotator agreement between layers, over the project, per tag and per document'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "suggest" -d 'Print the suggestions a coder would be offered: forms the layer tagged elsewhere, dates in the text (with their ISO value), spans a tagger trained on the layer finds (with its confidence). One per line, or JSON'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "layout" -d 'Print how the document view lays a document out, as JSON: each wrapped line (top, bottom) with its clusters left to right as drawn (start, end in code points; x, width in points from the text\'s left edge), and each annotation\'s ranges and rectangles. For tests and bug reports'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "export" -d 'Export annotations for other tools: brat, conll, conllu, jsonl, labelstudio, csv, w3c, xmi, qdpx (a REFI-QDA project for MAXQDA, ATLAS.ti, NVivo, QualCoder), qdc (its codebook)'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "import" -d 'Import documents or annotations into a project (created if it does not exist)'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "merge-driver" -d 'git\'s merge driver for project files (see `git-setup`): merges record by record'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "git-setup" -d 'Register `merge-driver` for *.ron in this git repository'
complete -c annotary -n "__fish_annotary_using_subcommand help; and not __fish_seen_subcommand_from schema manual completions check synth bench agreement suggest layout export import merge-driver git-setup help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c annotary -n "__fish_annotary_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "export" -d 'Write FILE\'s tags and schema to CONF'
complete -c annotary -n "__fish_annotary_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "import" -d 'Take CONF\'s types into FILE (tags added, relation types and attributes replaced by name, the rest kept) and save it'
