/** The page's stylesheet, inline: the report is one file that opens offline. */
export const PAGE_STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #f6f7f9; }
body { margin: 0; }
header { background: #1d2330; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0 0 6px; color: #c9cfdb; }
header a { color: #9cc3ff; }
main { padding: 8px 28px 40px; max-width: 1500px; }
section { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgb(0 0 0 / 8%); padding: 12px 20px 18px; margin: 18px 0; }
h2 { font-size: 18px; margin: 6px 0 10px; }
h3 { font-size: 14px; margin: 16px 0 6px; color: #394150; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e8ec; text-align: left; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
td.flag { color: #b3261e; font-weight: 600; }
.scroll { overflow-x: auto; }
.note { color: #5b6474; font-size: 12.5px; }
.summary { font-size: 15px; font-weight: 600; margin: 10px 0 14px; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { fill: #1d2330; }
svg.chart .grid { stroke: #e6e8ec; }
svg.chart .axis { stroke: #8a93a3; }
.matrix-table td.matrix { text-align: center; width: 28px; font-weight: 600; }
td.better { background: #d5f0dc; color: #17612c; }
td.worse { background: #f8d9d6; color: #8c1d18; }
td.same { color: #8a93a3; }
td.self { background: #eceef2; }
th.row-label { white-space: nowrap; font-weight: normal; }
.better-key { color: #17612c; font-weight: 700; }
.worse-key { color: #8c1d18; font-weight: 700; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.controls input { flex: 1 1 320px; padding: 5px 8px; }
#riddle-table td.answer { max-width: 220px; }
#riddle-table td.justification { max-width: 520px; white-space: pre-wrap; color: #394150; }
#riddle-table td.verdicts { white-space: pre; font-size: 11.5px; color: #394150; }
#riddle-table tr.riddle-first td { border-top: 2px solid #c9cfdb; }
td.good { color: #17612c; font-weight: 600; }
td.bad { color: #8c1d18; font-weight: 600; }
td.muted { color: #8a93a3; }
`
