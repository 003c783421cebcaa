/// The one stylesheet, served same-origin so the Content-Security-Policy needs no inline styles.
/// System fonts only; colours meet WCAG AA contrast on white; focus is always visible.
enum StyleSheet {
    static let css = """
    :root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b5394; --ok: #1e6b2e; --warn: #8a4b00; --bad: #a11d1d; --bg-soft: #f3f5f8; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
    header, main, footer { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
    header nav { display: flex; flex-wrap: wrap; gap: 1rem; padding: .75rem 0; border-bottom: 1px solid var(--line); }
    a { color: var(--accent); }
    a:focus, button:focus, input:focus, select:focus, summary:focus { outline: 3px solid #e69500; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; }
    .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; }
    h1 { font-size: 1.5rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
    .disclaimer { border-left: 4px solid var(--warn); background: #fff7ec; padding: .5rem 1rem; }
    .error { border-left: 4px solid var(--bad); background: #fdeeee; padding: .5rem 1rem; }
    form.profile fieldset { border: 1px solid var(--line); margin: 0 0 1rem; padding: .5rem 1rem 1rem; }
    form.profile legend { font-weight: 600; }
    .field { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .25rem 1rem; margin: .6rem 0; align-items: start; }
    .field label { font-weight: 500; }
    .field .help { grid-column: 2; color: var(--muted); font-size: .875rem; margin: 0; }
    input[type=text], input[type=number], input[type=date], select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #767676; border-radius: 4px; max-width: 100%; }
    button { font: inherit; padding: .5rem 1.25rem; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
    .cards { display: grid; gap: 1rem; }
    .card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem 1rem; }
    span.total { font-size: 1.6rem; font-weight: 700; }
    .ok { color: var(--ok); } .no { color: var(--bad); } .flag { color: var(--warn); font-weight: 600; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: .9rem; }
    th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
    th { background: var(--bg-soft); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .conf { font-size: .8rem; padding: 0 .3rem; border-radius: 3px; border: 1px solid currentColor; white-space: nowrap; }
    .conf-verbatim { color: var(--ok); } .conf-paraphrased { color: var(--accent); } .conf-inferred, .conf-assumed { color: var(--warn); }
    .cite { color: var(--muted); font-size: .85rem; }
    figure.chart { margin: 1rem 0; } figure.chart svg { width: 100%; height: auto; max-width: 48rem; }
    figcaption { color: var(--muted); font-size: .85rem; }
    footer { color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
    @media (max-width: 40rem) { .field { grid-template-columns: 1fr; } .field .help { grid-column: 1; } }
    """
}
