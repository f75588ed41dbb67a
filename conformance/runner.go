package conformance

// runnerHTML is the page on the scenario's origin. For an opaque origin the
// same script runs in a sandboxed frame.
const runnerHTML = `<!doctype html><meta charset="utf-8"><title>corsim runner</title><link rel="icon" href="data:,">
<script src="/__corsim/runner.js"></script>`

// runnerJS performs the scenario's fetch() calls in order, waiting for each
// request's "at", and reports what script can observe. Markers before and
// after each call let the harness split the server log and the browser's
// own events by request.
const runnerJS = `
(async () => {
  const base = window.__base || location.origin;
  const sc = await (await fetch(base + '/__corsim/scenario', {cache: 'no-store'})).json();
  if (sc.origin === 'null' && location.origin !== 'null') {
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', 'allow-scripts');
    f.srcdoc = '<!doctype html><script>window.__base=' + JSON.stringify(location.origin) + '</scr' + 'ipt><script src="' + location.origin + '/__corsim/runner.js"></scr' + 'ipt>';
    document.body.appendChild(f);
    return;
  }
  const root = window.__base || location.origin;
  const mark = (what) => fetch(root + '/__corsim/mark?' + what, {cache: 'no-store'});
  const t0 = performance.now();
  let at = 0;
  for (let i = 0; i < sc.requests.length; i++) {
    const r = sc.requests[i];
    if (typeof r.at === 'number') at = r.at;
    const wait = t0 + at * 1000 - performance.now();
    if (wait > 0) await new Promise(res => setTimeout(res, wait));
    await mark('begin=' + i);
    console.debug('corsim:begin:' + i);
    const init = {};
    if (r.method !== undefined) init.method = r.method;
    if (r.headers !== undefined) init.headers = r.headers;
    if (r.mode !== undefined) init.mode = r.mode;
    if (r.credentials !== undefined) init.credentials = r.credentials;
    if (r.redirect !== undefined) init.redirect = r.redirect;
    if (r.body !== undefined) init.body = r.body;
    const rec = {index: i};
    try {
      const resp = await fetch(r.url, init);
      rec.outcome = 'ok';
      rec.type = resp.type;
      rec.status = resp.status;
      rec.headers = [...resp.headers.keys()];
      try { await resp.arrayBuffer(); } catch (e) {}
    } catch (e) {
      rec.outcome = 'rejected';
      rec.errorName = e.name;
      rec.errorMessage = String(e.message);
    }
    console.debug('corsim:end:' + i);
    await mark('end=' + i);
    await fetch(root + '/__corsim/report', {method: 'POST', body: JSON.stringify(rec)});
  }
  await fetch(root + '/__corsim/done', {method: 'POST', body: 'done'});
})().catch(e => fetch('/__corsim/report', {method: 'POST', body: JSON.stringify({fatal: String(e)})}));
`
