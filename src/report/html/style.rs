//! The page's only stylesheet, inline. Its tier colours are written from
//! [`tier_colours`], the charts' own.

use crate::report::tier_colours;

/// The stylesheet: the custom properties, the tiers' among them, then the
/// rules, which give a tier its colour only through those properties.
pub fn css() -> String {
    format!("{ROOT}\n  {} }}{RULES}", tier_colours::css_properties())
}

const ROOT: &str = "\n:root { --ink: #212529; --muted: #606770; --rule: #dee2e6; --band: #f5f7f9;";

const RULES: &str = r#"
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 1200px; padding: 1rem 1.25rem 3rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; border-bottom: 2px solid var(--rule); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
p.meta { color: var(--muted); margin: 0 0 1rem; }
nav.toc { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; font-size: 0.95rem; margin: 0.5rem 0 1rem; }
a { color: #1f5fa8; }
.advice { background: #fff8e1; border-left: 5px solid var(--notice); padding: 0.6rem 0.9rem; margin: 1rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.7rem; margin: 1rem 0; }
.card { background: var(--band); border-radius: 6px; padding: 0.6rem 0.8rem; }
.card .value { font-size: 1.5rem; font-weight: 600; display: block; }
.card .label { color: var(--muted); font-size: 0.85rem; }
.tier { display: inline-block; border-radius: 3px; padding: 0 0.45rem; font-size: 0.8rem; font-weight: 700;
  text-transform: uppercase; color: #fff; letter-spacing: 0.03em; }
.tier-notice { background: var(--notice); color: #212529; }
.tier-warning { background: var(--warning); }
.tier-high { background: var(--high); }
.tier-none { background: var(--none); }
ol.warnings { list-style: none; padding: 0; margin: 0; }
ol.warnings > li { border: 1px solid var(--rule); border-left: 6px solid var(--none); border-radius: 4px;
  padding: 0.6rem 0.9rem; margin: 0 0 0.7rem; break-inside: avoid; }
ol.warnings > li.w-notice { border-left-color: var(--notice); }
ol.warnings > li.w-warning { border-left-color: var(--warning); }
ol.warnings > li.w-high { border-left-color: var(--high); }
.w-head { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: baseline; font-weight: 600; }
.w-value { font-variant-numeric: tabular-nums; }
.w-body p { margin: 0.3rem 0; }
.w-evidence { color: var(--muted); font-size: 0.92rem; }
.related { color: var(--muted); font-weight: 400; }
section.now { border: 1px solid var(--rule); border-radius: 4px; padding: 0.4rem 0.9rem 0.6rem; margin: 0.8rem 0 1rem; }
section.now h2 { margin: 0.3rem 0 0.5rem; font-size: 1.15rem; }
ol.now { list-style: none; padding: 0; margin: 0; }
ol.now li { border-left: 6px solid var(--none); padding: 0.15rem 0.6rem; margin: 0 0 0.3rem; }
ol.now li.w-notice { border-left-color: var(--notice); }
ol.now li.w-warning { border-left-color: var(--warning); }
ol.now li.w-high { border-left-color: var(--high); }
ul.parts { margin: 0.3rem 0; padding-left: 1.2rem; }
.episode, .ceiling { color: var(--muted); }
.headline { font-weight: 600; }
figure { margin: 1rem 0 1.6rem; break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
.not-drawn { background: var(--band); border: 1px dashed var(--rule); padding: 0.8rem; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: right; white-space: nowrap; }
th { background: var(--band); position: sticky; top: 0; }
th.t, td.t { text-align: left; white-space: normal; }
tr.flag-notice td:first-child { box-shadow: inset 4px 0 var(--notice); }
tr.flag-warning td:first-child { box-shadow: inset 4px 0 var(--warning); }
tr.flag-high td:first-child { box-shadow: inset 4px 0 var(--high); }
ul.plain { padding-left: 1.2rem; }
svg.trend { vertical-align: middle; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 640px) {
  body { padding: 0.6rem; }
  h1 { font-size: 1.35rem; }
  th, td { padding: 0.25rem 0.35rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  figure, tr, ol.warnings > li { break-inside: avoid; }
  th { position: static; }
  .tier, ol.warnings li, tr, .card, .advice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;
