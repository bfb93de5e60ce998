// The admin console: overview charts, lead search and a lead's story, rejections and dead letters with replay,
// reps (availability, capacity, tokens), the policy and the what-if. Every number comes from the JSON API
// (/api/docs describes it); the admin token stays in this tab's sessionStorage.
import {
  ApiError, call, clearErrors, duration, field, h, localInputValue, render, showErrors, toInstant, tokenStore, when,
} from './api.js';
import { bars, chart, disposeAll } from './charts.js';

const store = tokenStore('leadrouter.console.token');
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const VIEWS = [
  ['overview', 'Overview'], ['leads', 'Leads'], ['rejections', 'Rejections'], ['deadletters', 'Dead letters'],
  ['reps', 'Reps'], ['policy', 'Policy'], ['whatif', 'What-if'],
];
let refreshTimer = null;
let quiet = false;
let generation = 0;

class SignedOut extends Error {}

async function api(method, path, body) {
  try {
    return await call(store.get(), method, path, body);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      store.clear();
      showSignIn(`Your token was not accepted (${e.message}). Sign in again.`);
      throw new SignedOut();
    }
    if (e instanceof ApiError && e.status === 403 && e.errors.some((x) => x.field === 'Authorization')) {
      showForbidden(e.message);
      throw new SignedOut();
    }
    throw e;
  }
}

function page(gen, title, ...content) {
  if (gen !== generation) {
    throw new SignedOut();
  }
  disposeAll();
  document.title = `${title} · leadrouter console`;
  render(main, h('h2', { id: 'page-title' }, title), ...content);
  if (!quiet) {
    main.focus();
  }
}

function showNav(current) {
  render(nav, VIEWS.map(([id, label]) => h('a', { href: `#/${id}`, 'aria-current': id === current ? 'page' : null }, label)),
    h('a', { href: '/api/docs' }, 'API'),
    h('button', { type: 'button', class: 'link', onclick: () => { store.clear(); showSignIn('Signed out.'); } }, 'Sign out'));
}

function showSignIn(reason) {
  stopRefresh();
  disposeAll();
  render(nav);
  const input = h('input', { type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card signin', novalidate: true, 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Sign in'),
    h('p', { class: 'field-error', id: 'signin-reason', dataset: { errorFor: '_form' }, role: 'alert' }, reason || ''),
    field('signin', 'Authorization', 'Admin token', input,
      'From env LEADROUTER_ADMIN_TOKEN or the file data/admin-token. Kept in this browser tab only.'),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    h('p', {}, 'Reps and partners: ', h('a', { href: '/board' }, 'open the pull board'), '.'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const token = input.value.trim();
    if (!token) {
      showErrors(form, [{ field: 'Authorization', message: 'paste the admin token' }]);
      return;
    }
    try {
      await call(token, 'GET', '/api/crm');
      store.set(token);
      if (!location.hash || location.hash === '#/signin') {
        location.hash = '#/overview';
      }
      route();
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        showForbidden(e.message);
      } else {
        showErrors(form, e instanceof ApiError ? e.errors.map((x) => ({ field: 'Authorization', message: x.message }))
          : [{ field: '_form', message: String(e) }]);
      }
    }
  });
  document.title = 'Sign in · leadrouter console';
  render(main, form);
  input.focus();
}

function showForbidden(message) {
  stopRefresh();
  render(nav);
  store.clear();
  document.title = '403 · leadrouter console';
  render(main, h('section', { class: 'card forbidden', 'aria-labelledby': 'forbidden-title' },
    h('h2', { id: 'forbidden-title' }, '403 — this page is for admins'),
    h('p', {}, `The API said: ${message}.`),
    h('p', {}, 'Reps and partners work on the ', h('a', { href: '/board' }, 'pull board'), '. Admins: ',
      h('button', { type: 'button', class: 'link', onclick: () => showSignIn() }, 'sign in with the admin token'), '.')));
  main.focus();
}

function stopRefresh() {
  clearInterval(refreshTimer);
  refreshTimer = null;
}

function table(caption, headers, rows, numeric = []) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, c)))))));
}

function chartBox(id, title, ...rest) {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, title), h('div', { class: 'chart', id }), ...rest);
}

// ---- overview ----

async function overview(gen) {
  const [o, q, c, r] = await Promise.all([api('GET', '/api/overview?hours=24'), api('GET', '/api/queues'),
    api('GET', '/api/crm'), api('GET', '/api/reps')]);
  const teams = [...new Set(r.reps.flatMap((rep) => rep.ledger.map((l) => l.teamId)))];
  const crms = Object.entries(c.crms);
  page(gen, 'Overview',
    h('p', { class: 'meta' }, `Last 24 hours, refreshed every 15 s (${new Date().toLocaleTimeString()}).`),
    h('section', { class: 'card', 'aria-labelledby': 'sla-title' },
      h('h3', { id: 'sla-title' }, 'SLA'),
      h('dl', { class: 'stats' },
        [['Overdue now', o.sla.overdueNow], ['Escalated', o.sla.escalated], ['Claims expired', o.sla.expired],
          ['Partner rejections', o.sla.rejected], ['Median to first touch', duration(o.firstTouch.medianSeconds)]]
          .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))))),
    h('div', { class: 'grid' },
      chartBox('chart-sources', 'Leads per source per hour'),
      chartBox('chart-rules', 'Decisions per rule'),
      chartBox('chart-strategies', 'Decisions per strategy'),
      chartBox('chart-queues', 'Queues: depth and oldest wait',
        table('Queues', ['Queue', 'Waiting', 'Claimed', 'Oldest'], q.queues.map((x) => [x.id, x.depth, x.claimed,
          duration(x.oldestAgeSeconds)]), [1, 2])),
      chartBox('chart-touch', 'Time from submission to first touch'),
      chartBox('chart-crm', 'CRM write-back',
        table('CRM write-back', ['CRM', 'Pending', 'Paused', 'Dead letters', 'Circuit'], crms.map(([name, x]) => [name,
          x.pending, x.paused ? `since ${when(x.pausedSince)}: ${x.reason}` : 'no', x.openDeadLetters, x.circuit || '—']),
        [1, 3])),
      teams.map((t) => chartBox(`chart-fair-${t}`, `Fairness in team ${t}: entitlement vs received`))));

  const hours = o.leadsPerSource.hours.map((x) => new Date(x).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  const total = o.leadsPerSource.series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
  bars(document.getElementById('chart-sources'), hours,
    o.leadsPerSource.series.map((s) => ({ name: s.sourceId, stack: 'leads', data: s.counts })),
    `${total} leads in 24 hours from ${o.leadsPerSource.series.length} sources`);

  const rules = [...new Set(o.decisionsPerRule.map((d) => d.ruleId))];
  const outcomes = [...new Set(o.decisionsPerRule.map((d) => d.outcome))];
  bars(document.getElementById('chart-rules'), rules, outcomes.map((out) => ({
    name: out, stack: 'd', data: rules.map((rule) => o.decisionsPerRule.filter((d) => d.ruleId === rule && d.outcome === out)
      .reduce((n, d) => n + d.decisions, 0)),
  })), `Decisions per rule: ${o.decisionsPerRule.map((d) => `${d.ruleId} ${d.outcome} ${d.decisions}`).join(', ') || 'none'}`);

  const strategies = Object.entries(o.decisionsPerStrategy);
  chart(document.getElementById('chart-strategies'), {
    tooltip: { trigger: 'item', renderMode: 'richText' },
    legend: { top: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '65%'], top: 30, data: strategies.map(([name, value]) => ({ name, value })) }],
  }, `Decisions per strategy: ${strategies.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);

  bars(document.getElementById('chart-queues'), q.queues.map((x) => x.id), [
    { name: 'waiting', data: q.queues.map((x) => x.depth) },
    { name: 'claimed', data: q.queues.map((x) => x.claimed) },
    { name: 'oldest wait (min)', data: q.queues.map((x) => Math.round((x.oldestAgeSeconds || 0) / 60)) },
  ], `Queues: ${q.queues.map((x) => `${x.id} ${x.depth} waiting`).join(', ') || 'none'}`);

  bars(document.getElementById('chart-touch'), o.firstTouch.buckets.map((b) => b.label),
    [{ name: 'leads', data: o.firstTouch.buckets.map((b) => b.leads) }],
    `${o.firstTouch.touched} leads first touched; median ${duration(o.firstTouch.medianSeconds)}`);

  bars(document.getElementById('chart-crm'), crms.map(([name]) => name), [
    { name: 'pending', data: crms.map(([, x]) => x.pending) },
    { name: 'dead letters', data: crms.map(([, x]) => x.openDeadLetters) },
    { name: 'paused', data: crms.map(([, x]) => (x.paused ? 1 : 0)) },
  ], `CRM write-back: ${crms.map(([n, x]) => `${n} ${x.pending} pending, ${x.openDeadLetters} dead letters${x.paused ? ', paused' : ''}`).join('; ')}`);

  for (const t of teams) {
    const members = r.reps.filter((rep) => rep.ledger.some((l) => l.teamId === t));
    const entry = (rep) => rep.ledger.find((l) => l.teamId === t);
    bars(document.getElementById(`chart-fair-${t}`), members.map((rep) => rep.id), [
      { name: 'entitlement', data: members.map((rep) => entry(rep).entitlement) },
      { name: 'received', data: members.map((rep) => entry(rep).received) },
    ], `Team ${t}: ${members.map((rep) => `${rep.id} entitled ${entry(rep).entitlement}, received ${entry(rep).received}`).join('; ')}`);
  }
  stopRefresh();
  refreshTimer = setInterval(() => { if (location.hash === '#/overview' && !document.hidden) { route(true); } }, 15000);
}

// ---- leads ----

async function leads(gen) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const source = h('input', { type: 'text', value: params.get('source') || '' });
  const email = h('input', { type: 'email', value: params.get('email') || '' });
  const status = h('select', {}, ['', 'RECEIVED', 'ASSIGNED', 'OFFERED', 'PARTNER_OFFERED', 'QUEUED', 'CLAIMED', 'HELD', 'DONE',
    'TEST', 'MERGED'].map((s) => h('option', { value: s, selected: params.get('status') === s }, s || 'any')));
  const rep = h('input', { type: 'text', value: params.get('rep') || '' });
  const queue = h('input', { type: 'text', value: params.get('queue') || '' });
  const localOf = (iso) => (iso ? localInputValue(new Date(iso)) : '');
  const from = h('input', { type: 'datetime-local', value: localOf(params.get('from')) });
  const to = h('input', { type: 'datetime-local', value: localOf(params.get('to')) });
  const form = h('form', { class: 'card filters', 'aria-label': 'Search leads' },
    field('search', 'source', 'Source', source), field('search', 'email', 'Email', email),
    field('search', 'status', 'Status', status), field('search', 'rep', 'Rep', rep), field('search', 'queue', 'Queue', queue),
    field('search', 'from', 'Received from', from), field('search', 'to', 'Received before', to),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search')));
  const results = h('div', { id: 'lead-results', 'aria-live': 'polite' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (source.value.trim()) { q.set('source', source.value.trim()); }
    if (email.value.trim()) { q.set('email', email.value.trim()); }
    if (status.value) { q.set('status', status.value); }
    if (rep.value.trim()) { q.set('rep', rep.value.trim()); }
    if (queue.value.trim()) { q.set('queue', queue.value.trim()); }
    if (from.value) { q.set('from', toInstant(from.value)); }
    if (to.value) { q.set('to', toInstant(to.value)); }
    location.hash = `#/leads?${q}`;
  });
  page(gen, 'Leads', form, results);
  const q = new URLSearchParams(params);
  q.set('limit', '100');
  try {
    const found = await api('GET', `/api/leads?${q}`);
    render(results, found.leads.length ? table('Leads found', ['Lead', 'Received', 'Source', 'Status', 'Company', 'Country'],
      found.leads.map((l) => [h('a', { href: `#/leads/${encodeURIComponent(l.leadId)}` }, l.lead.email || l.lead.phone || l.leadId),
        when(l.receivedAt), l.sourceId, l.status, l.lead.company || '—', l.lead.country || '—']))
      : h('p', { class: 'empty' }, 'No leads match.'));
  } catch (e) {
    if (e instanceof ApiError) { showErrors(form, e.errors); } else { throw e; }
  }
}

function traceSentences(decision) {
  if (!decision || !decision.trace) {
    return [];
  }
  const t = decision.trace;
  const sentences = [];
  (t.rules || []).forEach((r) => sentences.push(h('li', { class: r.matched ? 'matched' : null },
    `Rule '${r.ruleId}' ${r.matched ? 'matched' : 'did not match'}: ${r.detail}.`)));
  (t.steps || []).forEach((s) => sentences.push(h('li', {}, `Ladder step ${s.index + 1} (${s.step}): ${s.outcome}.`)));
  (t.skipped || []).forEach((s) => sentences.push(h('li', {}, `${s.repId} was skipped: ${s.reason}.`)));
  return sentences;
}

async function leadPage(gen, id) {
  const l = await api('GET', `/api/leads/${encodeURIComponent(id)}`);
  const lead = l.lead || {};
  const facts = Object.entries(lead).filter(([k]) => k !== 'attributes')
    .concat(Object.entries(lead.attributes || {}).map(([k, v]) => [`attributes.${k}`, v]));
  const d = l.decision;
  page(gen, `Lead ${lead.email || lead.phone || l.leadId}`,
    h('p', { class: 'meta' }, `${l.leadId} · ${l.status} · received ${when(l.receivedAt)} from ${l.sourceId}`),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'canonical-title' },
        h('h3', { id: 'canonical-title' }, 'Canonical lead'),
        h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : v)]))),
      h('section', { class: 'card', 'aria-labelledby': 'submitted-title' },
        h('h3', { id: 'submitted-title' }, 'What was submitted'),
        l.submission ? h('p', { class: 'meta' }, `${l.submission.contentType}, ${l.submission.bytes} bytes`) : null,
        h('pre', { tabindex: '0', 'aria-label': 'Submitted fields as JSON' }, JSON.stringify(l.submitted, null, 2)))),
    h('section', { class: 'card', 'aria-labelledby': 'why-title', id: 'decision-trace' },
      h('h3', { id: 'why-title' }, 'Why it went where it went'),
      d ? h('p', { class: 'summary' }, `${d.trace ? d.trace.summary : ''}`) : h('p', { class: 'empty' }, 'Not decided yet.'),
      h('ul', { class: 'trace' }, traceSentences(d))),
    h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
      h('h3', { id: 'timeline-title' }, 'Timeline'),
      h('ol', { class: 'timeline', id: 'timeline' }, (l.history || []).map((e) => h('li', {},
        h('span', { class: 'type' }, e.type), ' · ', h('time', { datetime: e.at }, when(e.at)), ' · by ', e.actor,
        e.reason ? h('div', {}, e.reason) : null)))),
    h('section', { class: 'card', 'aria-labelledby': 'crm-title' },
      h('h3', { id: 'crm-title' }, 'CRM writes'),
      (l.crm || []).length ? table('CRM writes', ['CRM', 'Status', 'Record', 'Attempts', 'Detail'],
        l.crm.map((w) => [w.crm, w.status, w.recordId || '—', w.attempts, w.detail || ''])) : h('p', { class: 'empty' }, 'None.')));
}

// ---- rejections, dead letters ----

async function rejections(gen) {
  const { rejections: list } = await api('GET', '/api/rejections?open=true&limit=100');
  page(gen, 'Rejections', h('p', { class: 'meta' }, 'Submissions that did not map, newest first. Fix the mapping, restart, then replay.'),
    list.length ? h('div', { class: 'cards' }, list.map((r) => {
      const slot = h('p', { class: 'field-error', dataset: { errorFor: '_form' }, 'aria-live': 'polite' });
      const result = h('p', { class: 'message', role: 'status' });
      const form = h('form', { 'aria-label': `Replay rejection ${r.rejectionId}` },
        h('button', { type: 'submit', class: 'primary replay' }, 'Replay'), slot, result);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        try {
          const answer = await api('POST', `/api/rejections/${encodeURIComponent(r.rejectionId)}/replay`);
          render(result, 'Replayed: ', h('a', { href: `#/leads/${encodeURIComponent(answer.leadId)}` }, `lead ${answer.leadId}`));
          result.className = 'message ok';
        } catch (e) {
          if (!(e instanceof ApiError)) { throw e; }
          const errors = e.body && e.body.errors ? e.body.errors : e.errors;
          slot.textContent = `Still does not map: ${errors.map((x) => `${x.field}: ${x.message}`).join('; ')}`;
        }
      });
      return h('article', { class: 'card', dataset: { rejectionId: r.rejectionId } },
        h('h3', {}, `${r.sourceId} · ${when(r.rejectedAt)}`),
        h('ul', {}, r.errors.map((x) => h('li', {}, `${x.field}: ${x.message}`))),
        h('pre', { tabindex: '0', 'aria-label': 'Submitted' }, r.submitted), form);
    })) : h('p', { class: 'empty' }, 'No open rejections.'));
}

async function deadLetters(gen) {
  const { deadLetters: list } = await api('GET', '/api/deadletters?open=true&limit=100');
  page(gen, 'Dead letters', h('p', { class: 'meta' }, 'CRM writes refused for good, with the CRM\'s own message.'),
    list.length ? table('Dead letters', ['Lead', 'CRM', 'Refused', 'Attempts', 'Why', ''], list.map((d) => {
      const result = h('span', { role: 'status' });
      const button = h('button', { type: 'button', onclick: async () => {
        try {
          await api('POST', `/api/deadletters/${d.id}/replay`);
          result.textContent = 'Queued again.';
          button.disabled = true;
        } catch (e) {
          if (!(e instanceof ApiError)) { throw e; }
          result.textContent = (e.body && e.body.errors ? e.body.errors : e.errors).map((x) => x.message).join('; ');
        }
      } }, 'Replay');
      return [h('a', { href: `#/leads/${encodeURIComponent(d.leadId)}` }, d.leadId), d.crm, when(d.createdAt), d.attempts,
        d.detail, h('span', {}, button, ' ', result)];
    })) : h('p', { class: 'empty' }, 'No open dead letters.'));
}

// ---- reps ----

function repCard(rep) {
  const status = h('select', {}, ['available', 'paused', 'out-of-office'].map((s) =>
    h('option', { value: s, selected: rep.availability.status === s }, s)));
  const until = h('input', { type: 'datetime-local' });
  const availability = h('form', { class: 'inline availability', 'aria-label': `Availability of ${rep.name}` },
    field(`avail-${rep.id}`, 'status', 'Availability', status),
    field(`avail-${rep.id}`, 'until', 'Until (optional)', until),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save availability')));
  availability.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(availability);
    try {
      await api('PUT', `/api/reps/${encodeURIComponent(rep.id)}/availability`, { status: status.value, until: toInstant(until.value) });
      await route(true);
      document.querySelector(`[data-rep-id="${CSS.escape(rep.id)}"] .status-line`)?.focus();
    } catch (e) {
      if (e instanceof ApiError) { showErrors(availability, e.errors); } else { throw e; }
    }
  });
  const perDay = h('input', { type: 'number', value: rep.capacityOverride.perDay ?? '' });
  const open = h('input', { type: 'number', value: rep.capacityOverride.open ?? '' });
  const capacity = h('form', { class: 'inline capacity', 'aria-label': `Capacity override of ${rep.name}` },
    field(`cap-${rep.id}`, 'perDay', 'Leads per day', perDay), field(`cap-${rep.id}`, 'open', 'Open leads', open),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save capacity')));
  capacity.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(capacity);
    const num = (v) => (v === '' ? null : Number(v));
    try {
      await api('PUT', `/api/reps/${encodeURIComponent(rep.id)}/capacity`, { perDay: num(perDay.value), open: num(open.value) });
      await route(true);
    } catch (e) {
      if (e instanceof ApiError) { showErrors(capacity, e.errors); } else { throw e; }
    }
  });
  const tokens = h('div', { class: 'tokens' });
  const details = h('details', {}, h('summary', {}, 'Tokens'), tokens);
  details.addEventListener('toggle', () => { if (details.open) { loadTokens(rep, tokens); } });
  const a = rep.availability;
  return h('article', { class: 'card rep', dataset: { repId: rep.id }, 'aria-labelledby': `rep-${rep.id}-title` },
    h('h3', { id: `rep-${rep.id}-title` }, `${rep.name} (${rep.id})${rep.partner ? ' · partner' : ''}`),
    h('p', { class: 'status-line', tabindex: '-1' }, h('span', { class: `badge ${a.status}` }, a.status),
      a.until ? ` until ${when(a.until)}` : '', a.changedBy ? ` · changed by ${a.changedBy} ${when(a.changedAt)}` : ''),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Teams'), h('dd', {}, rep.teams.join(', ') || '—'),
      h('dt', {}, 'Today'), h('dd', {}, `${rep.today.received} of ${rep.today.cap ?? 'no cap'}`),
      h('dt', {}, 'Open'), h('dd', {}, `${rep.open.count} of ${rep.open.cap ?? 'no cap'}`),
      h('dt', {}, 'Hours'), h('dd', {}, `${rep.workingHours}${rep.workingNow ? ' (working now)' : ' (off now)'}`)),
    availability, capacity, details);
}

async function loadTokens(rep, container) {
  const { tokens } = await api('GET', `/api/reps/${encodeURIComponent(rep.id)}/tokens`);
  const label = h('input', { type: 'text', maxlength: 200 });
  const issued = h('p', { class: 'message', role: 'status' });
  const form = h('form', { class: 'inline', 'aria-label': `Issue a token for ${rep.name}` },
    field(`token-${rep.id}`, 'label', 'Label', label), h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Issue token')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const t = await api('POST', `/api/reps/${encodeURIComponent(rep.id)}/tokens`, { label: label.value || null });
      await loadTokens(rep, container);
      const shown = container.querySelector('.message');
      shown.className = 'message ok';
      render(shown, 'New token (shown once): ', h('code', {}, t.token));
    } catch (e) {
      if (e instanceof ApiError) { showErrors(form, e.errors); } else { throw e; }
    }
  });
  render(container, issued, tokens.length ? table(`Tokens of ${rep.name}`, ['Label', 'Issued', 'Revoked', ''], tokens.map((t) => [
    t.label || '—', `${when(t.createdAt)} by ${t.createdBy}`, t.revokedAt ? `${when(t.revokedAt)} by ${t.revokedBy}` : '—',
    t.revokedAt ? '' : h('button', { type: 'button', onclick: async () => {
      await api('DELETE', `/api/reps/${encodeURIComponent(rep.id)}/tokens/${encodeURIComponent(t.id)}`);
      await loadTokens(rep, container);
    } }, 'Revoke')])) : h('p', { class: 'empty' }, 'No tokens issued.'), form);
}

async function reps(gen) {
  const [{ reps: list }, { entries }] = await Promise.all([api('GET', '/api/reps'), api('GET', '/api/audit?limit=20')]);
  page(gen, 'Reps', h('div', { class: 'cards' }, list.map(repCard)),
    h('section', { class: 'card', 'aria-labelledby': 'audit-title' }, h('h3', { id: 'audit-title' }, 'Latest changes'),
      table('Audit', ['When', 'Who', 'What', 'Target', 'Detail'], entries.map((e) => [when(e.at), e.actor, e.action, e.target, e.detail]))));
}

// ---- policy, what-if ----

async function policy(gen) {
  const p = await api('GET', '/api/policy');
  page(gen, 'Policy',
    h('section', { class: 'card', 'aria-labelledby': 'rules-title' }, h('h3', { id: 'rules-title' }, 'Rules, in order'),
      h('ol', {}, p.rules.map((r) => h('li', {}, h('strong', {}, r.id), `: when ${r.when} → ${r.then}`,
        r.description ? h('div', { class: 'meta' }, r.description) : null)))),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'teams-title' }, h('h3', { id: 'teams-title' }, 'Teams'),
        p.teams.map((t) => h('div', {}, h('h4', {}, `${t.name} (${t.id})${t.partner ? ' · partners' : ''}`),
          h('ul', {}, t.members.map((m) => h('li', {}, `${m.name} (${m.id}), weight ${m.weight}, hours ${m.hours}${m.active ? '' : ', inactive'}`)))))),
      h('section', { class: 'card', 'aria-labelledby': 'ladders-title' }, h('h3', { id: 'ladders-title' }, 'Ladders'),
        p.ladders.length ? p.ladders.map((l) => h('div', {}, h('h4', {}, l.id + (l.businessHours ? ` (business hours ${l.businessHours})` : '')),
          h('ol', {}, l.steps.map((s) => h('li', {}, s))))) : h('p', { class: 'empty' }, 'None.')),
      h('section', { class: 'card', 'aria-labelledby': 'queues-title' }, h('h3', { id: 'queues-title' }, 'Queues'),
        p.queues.length ? h('ul', {}, p.queues.map((q) => h('li', {},
          `${q.name} (${q.id}): teams ${q.teams.join(', ')}, claim limit ${q.claimLimit}, claims expire after ${q.claimExpiry}`)))
          : h('p', { class: 'empty' }, 'None.'))),
    h('p', {}, p.fallback ? `Fallback owner: ${p.fallback}. ` : '', h('a', { href: '#/whatif' }, 'Try a change with the what-if')));
}

async function whatIf(gen) {
  const text = h('textarea', { spellcheck: 'false' });
  const file = h('input', { type: 'file', accept: '.yaml,.yml,text/yaml' });
  const now = new Date();
  const from = h('input', { type: 'datetime-local', value: localInputValue(new Date(now.getTime() - 7 * 86400000)) });
  const to = h('input', { type: 'datetime-local', value: localInputValue(new Date(now.getTime() + 60000)) });
  file.addEventListener('change', async () => { if (file.files[0]) { text.value = await file.files[0].text(); } });
  const results = h('div', { id: 'whatif-results', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-label': 'What-if' },
    field('whatif', 'policy', 'Proposed policy (YAML; empty = the current policy)', text),
    field('whatif', 'file', 'Or load a file', file),
    h('div', { class: 'inline' }, field('whatif', 'from', 'Stored leads from', from), field('whatif', 'to', 'to', to)),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('p', { class: 'field-error', dataset: { errorFor: 'leads' } }),
    h('button', { type: 'submit', class: 'primary' }, 'Compare'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    disposeAll();
    render(results);
    try {
      const r = await api('POST', '/api/policy/simulate', { policy: text.value.trim() ? text.value : null,
        from: toInstant(from.value), to: toInstant(to.value) });
      render(results,
        h('p', { class: 'summary' }, `${r.leads} stored leads replayed; ${r.changed} would go elsewhere.`),
        chartBox('chart-whatif', 'Leads per rep: current vs proposed'),
        table('Per rep', ['Rep', 'Current', 'Proposed', 'Difference'], r.perRep.map((x) => [x.repId, x.current, x.proposed,
          x.difference > 0 ? `+${x.difference}` : x.difference]), [1, 2, 3]),
        h('h3', {}, 'Per outcome'),
        table('Per outcome', ['Outcome', 'Current', 'Proposed'], Object.entries(r.perOutcome).map(([k, v]) => [k, v.current, v.proposed]), [1, 2]));
      bars(document.getElementById('chart-whatif'), r.perRep.map((x) => x.repId), [
        { name: 'current', data: r.perRep.map((x) => x.current) },
        { name: 'proposed', data: r.perRep.map((x) => x.proposed) },
      ], `Per rep: ${r.perRep.map((x) => `${x.repId} ${x.current} now, ${x.proposed} proposed`).join('; ')}`);
    } catch (e) {
      if (e instanceof ApiError) { showErrors(form, e.errors); } else { throw e; }
    }
  });
  page(gen, 'What-if', h('p', { class: 'meta' }, 'Replays the stored leads of a period under the current and a proposed policy; nothing is written.'),
    form, results);
}

// ---- router ----

async function route(keepFocus) {
  if (!store.get()) {
    showSignIn();
    return;
  }
  const hash = location.hash.replace(/^#\/?/, '') || 'overview';
  const [path] = hash.split('?');
  const [view, id] = path.split('/');
  stopRefresh();
  showNav(view);
  const scrollY = window.scrollY;
  quiet = keepFocus === true;
  const gen = ++generation;
  try {
    if (view === 'leads' && id) {
      await leadPage(gen, decodeURIComponent(id));
    } else {
      await ({ overview, leads, rejections, deadletters: deadLetters, reps, policy, whatif: whatIf }[view] || overview)(gen);
    }
    if (quiet) {
      window.scrollTo(0, scrollY);
    }
  } catch (e) {
    if (e instanceof SignedOut) {
      return;
    }
    if (gen !== generation) {
      return;
    }
    page(gen, 'Something went wrong', h('p', { class: 'message error', role: 'alert' },
      e instanceof ApiError ? e.message : String(e)));
  } finally {
    quiet = false;
  }
}

window.addEventListener('hashchange', () => route());
route();
