import {createHash} from 'node:crypto'

/** The voting page's script: plain DOM, no framework; server-rendered answer HTML is inserted as is (markdown-it escaped it). */
export const PAGE_SCRIPT = `
(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const headers = {'Content-Type': 'application/json', 'X-Arena-Token': token};
  const $ = (id) => document.getElementById(id);
  let voter = localStorage.getItem('arena-voter') || '';
  let current = null;
  let busy = false;

  async function call(method, path, body) {
    const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  }

  function turns(list, label) {
    return list.map((html, index) => '<div class="turn"><div class="who">' + label + ' · turn ' + (index + 1) + '</div>' + html + '</div>').join('');
  }

  function progress(state) {
    $('progress').textContent = state.voted + ' of ' + state.total + ' voted · this round ' + state.round.voted + ' of ' + state.round.size;
  }

  function show(data) {
    progress(data.progress);
    current = data.item;
    $('reveal').hidden = true;
    if (!current) {
      $('vote').hidden = true;
      $('done').hidden = false;
      return;
    }
    $('done').hidden = true;
    $('vote').hidden = false;
    $('item-id').textContent = current.id + (current.category ? ' · ' + current.category : '');
    $('question').innerHTML = turns(current.user, 'User');
    $('answer-a').innerHTML = turns(current.a, 'A');
    $('answer-b').innerHTML = turns(current.b, 'B');
    window.scrollTo(0, 0);
  }

  function reveal(rows) {
    $('vote').hidden = true;
    $('reveal').hidden = false;
    const body = $('reveal-rows');
    body.textContent = '';
    for (const row of rows) {
      const tr = document.createElement('tr');
      for (const text of [row.item, row.a, row.b, row.choice]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  async function next() {
    show(await call('GET', '/api/next?voter=' + encodeURIComponent(voter)));
  }

  async function vote(choice) {
    if (busy || !current || $('vote').hidden) return;
    busy = true;
    try {
      const data = await call('POST', '/api/vote', {voter, item: current.id, choice});
      progress(data.progress);
      if (data.reveal) reveal(data.reveal); else await next();
    } catch (error) {
      $('error').textContent = String(error.message || error);
    } finally {
      busy = false;
    }
  }

  const KEYS = {a: 'A', '1': 'A', ArrowLeft: 'A', b: 'B', '2': 'B', ArrowRight: 'B', t: 'tie', '3': 'tie', x: 'bothbad', '4': 'bothbad'};
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!$('reveal').hidden && event.key === 'Enter') { event.preventDefault(); next(); return; }
    const choice = KEYS[event.key];
    if (choice) { event.preventDefault(); vote(choice); }
  });
  for (const button of document.querySelectorAll('button[data-choice]')) button.addEventListener('click', () => vote(button.dataset.choice));
  $('continue').addEventListener('click', () => next());

  (async () => {
    try {
      if (!voter) {
        voter = (await call('POST', '/api/voter', {})).voter;
        localStorage.setItem('arena-voter', voter);
      }
      await next();
    } catch (error) {
      $('error').textContent = String(error.message || error);
    }
  })();
})();
`

const PAGE_STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #f6f7f9; }
body { margin: 0; }
header { background: #1d2330; color: #fff; padding: 12px 28px; display: flex; gap: 24px; align-items: baseline; }
header h1 { margin: 0; font-size: 20px; }
#progress { color: #c9cfdb; }
main { padding: 8px 28px 40px; max-width: 1500px; }
section { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgb(0 0 0 / 8%); padding: 12px 20px 18px; margin: 14px 0; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.sides section { margin: 0; }
h2 { font-size: 16px; margin: 4px 0 8px; }
.turn { border-top: 1px solid #e6e8ec; padding-top: 6px; margin-top: 6px; }
.who { font-size: 12px; color: #5b6474; }
pre { background: #f1f3f6; padding: 8px; overflow-x: auto; }
.buttons { display: flex; gap: 10px; flex-wrap: wrap; }
button { font-size: 15px; padding: 8px 16px; border-radius: 6px; border: 1px solid #8a93a3; background: #fff; cursor: pointer; }
button:hover { background: #eef3ff; }
kbd { font-size: 12px; color: #5b6474; }
#error { color: #b3261e; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e8ec; text-align: left; }
`

const PAGE_BODY = `
<header><h1>Which answer is better?</h1><span id="progress"></span></header>
<main>
<p id="error" role="alert"></p>
<div id="vote" hidden>
<section><h2>Prompt <span id="item-id" class="who"></span></h2><div id="question"></div></section>
<div class="sides">
<section><h2>Answer A</h2><div id="answer-a"></div></section>
<section><h2>Answer B</h2><div id="answer-b"></div></section>
</div>
<section class="buttons">
<button type="button" data-choice="A">A is better <kbd>(A, 1, ←)</kbd></button>
<button type="button" data-choice="B">B is better <kbd>(B, 2, →)</kbd></button>
<button type="button" data-choice="tie">Tie <kbd>(T, 3)</kbd></button>
<button type="button" data-choice="bothbad">Both are bad <kbd>(X, 4)</kbd></button>
</section>
</div>
<section id="reveal" hidden><h2>End of the round: the models you compared</h2>
<table><thead><tr><th>item</th><th>A was</th><th>B was</th><th>your vote</th></tr></thead><tbody id="reveal-rows"></tbody></table>
<p><button type="button" id="continue">Continue <kbd>(Enter)</kbd></button></p></section>
<section id="done" hidden><h2>Done: you have voted on every pair. Thank you.</h2></section>
</main>
`

/** The Content-Security-Policy: nothing but this page's own script (by hash) and calls to this server. */
export const PAGE_POLICY = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}'; connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

export function votingPage(arena: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bench arena: ${arena.replace(/[^A-Za-z0-9._-]/g, '')}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>${PAGE_BODY}<script>${PAGE_SCRIPT}</script>
</body>
</html>
`
}
