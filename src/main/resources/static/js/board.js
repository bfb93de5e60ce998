// The pull board for reps and partners: queues they may claim from with live SLA clocks, cherry-pick filters,
// claim-next, their own leads (touched / release / done), partner offers (accept / reject). Live over server-sent
// events: a lead claimed anywhere leaves this board at once.
import { ApiError, call, clearErrors, duration, field, h, readEvents, render, showErrors, tokenStore } from './api.js';

const store = tokenStore('leadrouter.board.token');
const main = document.getElementById('main');
const live = document.getElementById('live');
const account = document.getElementById('account');
const OPEN = new Set(['QUEUED', 'PARTNER_OFFERED']);

let me = null;
let stream = null;
let filters = {};
let clockTimer = null;

function api(method, path, body) {
  return call(store.get(), method, path, body).catch((e) => {
    if (e instanceof ApiError && e.status === 401) {
      signOut(e.errors[0].message);
    }
    throw e;
  });
}

function announce(text, kind) {
  const box = document.getElementById('message');
  if (box) {
    box.className = `message ${kind || 'info'}`;
    box.textContent = text;
  }
}

function signOut(reason) {
  store.clear();
  me = null;
  if (stream) {
    stream.abort();
    stream = null;
  }
  showSignIn(reason);
}

function showSignIn(reason) {
  render(account);
  live.textContent = '';
  const input = h('input', { type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card signin', novalidate: true, 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Sign in to the board'),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' }, role: 'alert' }, reason || ''),
    field('signin', 'Authorization', 'Your rep or partner token', input, 'An admin issues it (lr_rep_…). It stays in this tab only.'),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const token = input.value.trim();
    if (!token) {
      showErrors(form, [{ field: 'Authorization', message: 'paste your token' }]);
      return;
    }
    try {
      me = await call(token, 'GET', '/api/reps/me');
      store.set(token);
      start();
    } catch (e) {
      showErrors(form, e instanceof ApiError ? e.errors.map((x) => ({ field: 'Authorization', message: x.message }))
        : [{ field: '_form', message: String(e) }]);
    }
  });
  render(main, form);
  input.focus();
}

async function start() {
  render(account, h('span', { class: 'who' }, `${me.name} (${me.partner ? 'partner' : 'rep'})`),
    h('button', { type: 'button', class: 'link', onclick: () => signOut('Signed out.') }, 'Sign out'));
  render(main,
    h('p', { id: 'message', class: 'message', role: 'status', 'aria-live': 'polite' }),
    me.partner ? null : filterForm(),
    h('section', { 'aria-labelledby': 'open-title' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'open-title' }, me.partner ? 'Offers to you' : 'Leads you can claim'),
        me.partner ? null : h('button', { type: 'button', class: 'primary', id: 'claim-next', onclick: claimNext }, 'Claim next')),
      h('div', { id: 'open-leads', class: 'cards' })),
    h('section', { 'aria-labelledby': 'mine-title' },
      h('h2', { id: 'mine-title' }, 'My leads'),
      h('div', { id: 'my-leads', class: 'cards' })));
  clearInterval(clockTimer);
  clockTimer = setInterval(tickClocks, 1000);
  await reload();
  connect();
}

function filterForm() {
  const country = h('input', { type: 'text', maxlength: 2, autocomplete: 'off', placeholder: 'DE' });
  const source = h('input', { type: 'text', maxlength: 100, autocomplete: 'off' });
  const minPriority = h('input', { type: 'number', inputmode: 'numeric' });
  const form = h('form', { class: 'card filters', 'aria-label': 'Filter the leads you can claim' },
    field('filter', 'country', 'Country (ISO code)', country),
    field('filter', 'source', 'Source', source),
    field('filter', 'minPriority', 'Minimum priority', minPriority),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter'),
      h('button', { type: 'reset' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = { country: country.value.trim(), source: source.value.trim(), minPriority: minPriority.value.trim() };
    reload(form);
  });
  form.addEventListener('reset', () => {
    filters = {};
    setTimeout(() => reload(form));
  });
  return form;
}

async function reload(form) {
  try {
    if (form) {
      clearErrors(form);
    }
    await Promise.all([loadOpen(), loadMine()]);
  } catch (e) {
    if (e instanceof ApiError && form && e.status === 400) {
      showErrors(form, e.errors);
    } else if (e instanceof ApiError && e.status !== 401) {
      announce(e.message, 'error');
    }
  }
}

async function loadOpen() {
  const list = document.getElementById('open-leads');
  if (me.partner) {
    const { offers } = await api('GET', '/api/partners/me/offers');
    reconcile(list, offers.map((o) => ({ key: o.leadId, state: o.status, build: () => offerCard(o) })), 'No offers right now.');
    return;
  }
  const query = new URLSearchParams();
  Object.entries(filters).forEach(([k, v]) => { if (v) { query.set(k, v); } });
  const entries = [];
  for (const queueId of me.queues) {
    const { leads } = await api('GET', `/api/queues/${encodeURIComponent(queueId)}/leads?${query}`);
    leads.forEach((lead) => entries.push({ key: lead.leadId, state: `${queueId}|${lead.status}`, build: () => queueCard(queueId, lead) }));
  }
  reconcile(list, entries, 'Nothing to claim right now.');
}

/**
 * Brings a list of cards up to date without rebuilding the ones that did not change, so a note being typed, the
 * focus and the screen reader's place survive the live updates.
 */
function reconcile(list, entries, emptyText) {
  const wanted = new Set(entries.map((e) => e.key));
  list.querySelectorAll(':scope > .empty').forEach((el) => el.remove());
  list.querySelectorAll(':scope > [data-lead-id]').forEach((el) => {
    if (!wanted.has(el.dataset.leadId)) {
      el.remove();
    }
  });
  let previous = null;
  for (const entry of entries) {
    let card = list.querySelector(`:scope > [data-lead-id="${CSS.escape(entry.key)}"]`);
    if (card && card.dataset.state !== entry.state) {
      const fresh = entry.build();
      card.replaceWith(fresh);
      card = fresh;
    }
    if (!card) {
      card = entry.build();
      if (previous) {
        previous.after(card);
      } else {
        list.prepend(card);
      }
    }
    card.dataset.state = entry.state;
    previous = card;
  }
  if (!entries.length) {
    list.append(h('p', { class: 'empty' }, emptyText));
  }
}

async function loadMine() {
  const { leads } = await api('GET', '/api/reps/me/leads');
  reconcile(document.getElementById('my-leads'), leads.map((lead) => ({ key: lead.leadId,
    state: `${lead.status}|${lead.touchedAt || ''}`, build: () => myCard(lead) })), 'You hold no leads.');
}

function summary(lead) {
  const l = lead.lead || {};
  const name = [l.firstName, l.lastName].filter(Boolean).join(' ');
  const attributes = Object.entries(l.attributes || {}).map(([k, v]) => `${k}: ${v}`).join(', ');
  return h('dl', { class: 'facts' },
    name ? [h('dt', {}, 'Name'), h('dd', {}, name)] : null,
    l.email ? [h('dt', {}, 'Email'), h('dd', {}, l.email)] : null,
    l.phone ? [h('dt', {}, 'Phone'), h('dd', {}, l.phone)] : null,
    [h('dt', {}, 'Company'), h('dd', {}, l.company || '—')],
    [h('dt', {}, 'Country'), h('dd', {}, l.country || '—')],
    [h('dt', {}, 'Source'), h('dd', {}, l.sourceId || '—')],
    attributes ? [h('dt', {}, 'Details'), h('dd', {}, attributes)] : null,
    [h('dt', {}, 'Waiting'), h('dd', {}, duration(lead.ageSeconds))]);
}

function slaClock(lead, label) {
  if (lead.slaSecondsLeft === undefined) {
    return null;
  }
  const ends = Date.now() + lead.slaSecondsLeft * 1000;
  return h('p', { class: 'sla', dataset: { ends: String(ends), label } }, clockText(label, ends));
}

function clockText(label, ends) {
  const left = Math.round((ends - Date.now()) / 1000);
  return left >= 0 ? `${label}: ${duration(left)} left` : `${label}: overdue by ${duration(-left)}`;
}

function tickClocks() {
  document.querySelectorAll('.sla[data-ends]').forEach((el) => {
    const ends = Number(el.dataset.ends);
    el.textContent = clockText(el.dataset.label, ends);
    el.classList.toggle('overdue', ends < Date.now());
  });
}

function title(lead) {
  const l = lead.lead || {};
  return l.company || l.email || lead.leadId;
}

function queueCard(queueId, lead) {
  const heading = `lead-${lead.leadId}-title`;
  return h('article', { class: 'card lead', dataset: { leadId: lead.leadId }, 'aria-labelledby': heading },
    h('h3', { id: heading }, title(lead)),
    h('p', { class: 'meta' }, `Queue ${queueId} · priority ${lead.priority ?? 0}`),
    slaClock(lead, 'SLA'),
    summary(lead),
    h('button', { type: 'button', class: 'primary claim', 'aria-describedby': heading,
      onclick: (event) => claim(event.currentTarget, queueId, lead.leadId) }, 'Claim'));
}

function offerCard(offer) {
  const heading = `lead-${offer.leadId}-title`;
  const reason = h('input', { type: 'text', maxlength: 500 });
  const form = h('form', { class: 'reject', 'aria-label': `Reject the offer of ${title(offer)}` },
    field(`reject-${offer.leadId}`, 'reason', 'Reason to reject (optional)', reason),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary accept', onclick: () => accept(offer.leadId) }, 'Accept'),
      h('button', { type: 'submit' }, 'Reject')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const r = await api('POST', `/api/offers/${encodeURIComponent(offer.leadId)}/reject`, { reason: reason.value || null });
      announce(`Rejected; the lead moved on (${r.leadMovedTo.toLowerCase()}).`, 'ok');
      await reload();
    } catch (e) {
      if (e instanceof ApiError) {
        showErrors(form, e.errors);
      }
    }
  });
  return h('article', { class: 'card lead', dataset: { leadId: offer.leadId }, 'aria-labelledby': heading },
    h('h3', { id: heading }, title(offer)),
    h('p', { class: 'meta' }, 'Personal details are shown once you accept.'),
    slaClock(offer, 'Accept within'),
    summary(offer),
    form);
}

function myCard(lead) {
  const heading = `mine-${lead.leadId}-title`;
  const note = h('input', { type: 'text', maxlength: 500 });
  const form = h('form', { class: 'touch', 'aria-label': `Record a touch on ${title(lead)}` },
    field(`touch-${lead.leadId}`, 'note', 'Note (what you did)', note),
    h('p', { class: 'field-error', dataset: { errorFor: '_form' } }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Touched'),
      h('button', { type: 'button', onclick: () => act(lead.leadId, 'release', form) }, 'Release'),
      h('button', { type: 'button', onclick: () => act(lead.leadId, 'done', form) }, 'Done')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(lead.leadId, 'touch', form, { note: note.value || null });
  });
  return h('article', { class: 'card lead mine', dataset: { leadId: lead.leadId }, 'aria-labelledby': heading },
    h('h3', { id: heading }, title(lead)),
    h('p', { class: 'meta' }, `${lead.status.toLowerCase()}${lead.touchedAt ? ' · touched' : ''}`),
    lead.touchedAt ? null : slaClock(lead, 'Touch within'),
    summary(lead),
    form);
}

async function claim(button, queueId, leadId) {
  button.disabled = true;
  try {
    const lead = await api('POST', `/api/queues/${encodeURIComponent(queueId)}/leads/${encodeURIComponent(leadId)}/claim`);
    announce(`You claimed ${title(lead)}.`, 'ok');
  } catch (e) {
    button.disabled = false;
    announce(e instanceof ApiError ? `Could not claim: ${e.message}` : String(e), 'error');
  }
  await reload();
}

async function claimNext() {
  try {
    const lead = await api('POST', '/api/reps/me/claims/next');
    announce(lead ? `You claimed ${title(lead)}.` : 'Nothing to claim right now.', lead ? 'ok' : 'info');
  } catch (e) {
    announce(e instanceof ApiError ? `Could not claim: ${e.message}` : String(e), 'error');
  }
  await reload();
}

async function accept(leadId) {
  try {
    const lead = await api('POST', `/api/offers/${encodeURIComponent(leadId)}/accept`);
    announce(`Accepted: ${title(lead)} is yours.`, 'ok');
  } catch (e) {
    announce(e instanceof ApiError ? `Could not accept: ${e.message}` : String(e), 'error');
  }
  await reload();
}

async function act(leadId, action, form, body) {
  clearErrors(form);
  try {
    await api('POST', `/api/leads/${encodeURIComponent(leadId)}/${action}`, body);
    announce({ touch: 'Touch recorded.', release: 'Released to the queue.', done: 'Marked done.' }[action], 'ok');
    await reload();
  } catch (e) {
    if (e instanceof ApiError) {
      showErrors(form, e.errors);
    }
  }
}

function onEvent(name, data) {
  if (name === 'lead' && data && !OPEN.has(data.status)) {
    document.querySelectorAll('#open-leads [data-lead-id]').forEach((card) => {
      if (card.dataset.leadId === data.leadId) {
        card.remove();
      }
    });
    loadMine().catch(() => {});
  } else if (name === 'refresh' || name === 'lead') {
    reload();
  }
}

async function connect() {
  const controller = new AbortController();
  stream = controller;
  let delay = 1000;
  while (stream === controller) {
    try {
      await readEvents('/api/board/events', store.get(), controller.signal, onEvent, () => {
        live.textContent = 'Live';
        live.className = 'live on';
        delay = 1000;
        reload();
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut(e.errors[0].message);
        return;
      }
    }
    if (stream !== controller) {
      return;
    }
    live.textContent = 'Reconnecting…';
    live.className = 'live off';
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15000);
  }
}

async function boot() {
  const token = store.get();
  if (!token) {
    showSignIn();
    return;
  }
  try {
    me = await call(token, 'GET', '/api/reps/me');
    start();
  } catch (e) {
    store.clear();
    showSignIn(e instanceof ApiError ? e.message : String(e));
  }
}

boot();
