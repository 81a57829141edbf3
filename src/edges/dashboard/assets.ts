/** The dashboard's one stylesheet, served from /ops/assets/ops.css (no CDN, no inline styles: the CSP allows only 'self'). */
export const OPS_CSS = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6678; --line: #d9dee7; --ok: #1f7a3d; --bad: #b3261e; --warn: #9a6700; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { background: #17202e; color: #fff; padding: 0 24px; display: flex; align-items: center; gap: 24px; height: 48px; }
header a { color: #dfe6f1; text-decoration: none; }
header a:hover { color: #fff; text-decoration: underline; }
header .brand { font-weight: 600; color: #fff; }
header form { margin-left: auto; }
main { padding: 20px 24px 40px; max-width: 1200px; }
h1 { font-size: 20px; margin: 4px 0 16px; }
h2 { font-size: 15px; margin: 0 0 10px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 14px; margin-bottom: 18px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; }
.big { font-size: 26px; font-weight: 600; }
.muted { color: var(--muted); }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); margin-bottom: 18px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { white-space: pre-wrap; word-break: break-all; background: #fff; border: 1px solid var(--line); padding: 10px; }
meter { width: 100%; min-width: 110px; height: 14px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.grid.wide { grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); }
form.inline { display: inline; }
button { font: inherit; padding: 5px 12px; border-radius: 4px; border: 1px solid #8793a6; background: #fff; cursor: pointer; }
button.primary { background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
input, select { font: inherit; padding: 5px 8px; border: 1px solid #8793a6; border-radius: 4px; }
.signin { max-width: 380px; margin: 80px auto; }
.signin input { width: 100%; margin: 8px 0 12px; }
.notice { padding: 8px 12px; border-radius: 4px; margin-bottom: 14px; background: #fdecea; border: 1px solid #f3b8b3; }
.done { background: #e7f4ea; border-color: #a9d7b5; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 14px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
`;
