"""The engine: a guide site from Markdown, YAML and templates, in any languages. It knows no subject;
extensions (see extension.py and site_builder.api) bring one.

Data flows one way, one folder a stage (build.py runs them, one line a stage):

    config/       site.yaml as a typed config, and which files are the site's sources
    load/         every source read and validated, then linked into one Site
    model/        the records the stages share: pages, the site, links and marks
    render/       the model as files: pages, search indexes, link-preview cards
    check/        links, anchors, translation parity and text still to write, over what was rendered
    write/        the output folder replaced whole, only when everything succeeded
    incremental/  what the last good build left, and what of it this build can keep
    base/         what every stage uses: the one error type, safe file and YAML reading, the validator, workers

No stage imports a later one, and only incremental/ knows that a build can reuse the last one.
"""
