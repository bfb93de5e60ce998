// Shared by the console and the board: calls to leadrouter's JSON API with a bearer token kept in sessionStorage,
// safe DOM building (text only, never HTML from data), field-level error display and the live event stream.

/** A refusal from the API: its status and its own {field, message} list. */
export class ApiError extends Error {
  constructor(status, errors, body) {
    super(errors.map((e) => e.message).join('; '));
    this.status = status;
    this.errors = errors;
    this.body = body;
  }
}

/** The token of one app (console or board) for this browser tab only: sessionStorage, never a cookie. */
export function tokenStore(key) {
  return {
    get: () => sessionStorage.getItem(key),
    set: (token) => sessionStorage.setItem(key, token),
    clear: () => sessionStorage.removeItem(key),
  };
}

export async function call(token, method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  const init = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, [{ field: '', message: 'the server cannot be reached; check the connection and try again' }]);
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const errors = data && Array.isArray(data.errors) && data.errors.length
      ? data.errors : [{ field: '', message: `the server answered ${response.status}` }];
    throw new ApiError(response.status, errors, data);
  }
  return data;
}

/** Builds an element; attributes as an object (on* keys become listeners), children as nodes or text. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces a container's content. */
export function render(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** A labelled form field with a place for the API's message about it (aria-describedby links them). */
export function field(form, name, label, input, hint) {
  const id = `${form}-${name}`;
  input.id = id;
  input.name = name;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input,
    h('p', { class: 'field-error', id: errorId, dataset: { errorFor: name }, 'aria-live': 'polite' }));
}

/** Shows the API's errors beside their fields (or in the form's general slot) and focuses the first. */
export function showErrors(form, errors) {
  clearErrors(form);
  let first = null;
  for (const e of errors) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(e.field || '')}"]`)
      || form.querySelector('[data-error-for="_form"]');
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
      const input = form.querySelector(`[name="${CSS.escape(e.field || '')}"]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
    }
  }
  if (first) {
    first.focus();
  }
}

export function clearErrors(form) {
  form.querySelectorAll('[data-error-for]').forEach((slot) => { slot.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
}

/** Local date-time input value (yyyy-MM-ddTHH:mm) → ISO instant, or null when empty. */
export function toInstant(localValue) {
  return localValue ? new Date(localValue).toISOString() : null;
}

export function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  const sign = seconds < 0 ? '−' : '';
  let s = Math.abs(Math.round(seconds));
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  s -= minutes * 60;
  return hours ? `${sign}${hours} h ${minutes} min` : `${sign}${minutes} min ${s} s`;
}

/**
 * Reads a server-sent-event stream with fetch (EventSource cannot send the Authorization header) and calls
 * onEvent(name, data) per event; resolves when the stream ends, rejects with an ApiError on a refusal.
 */
export async function readEvents(path, token, signal, onEvent, onOpen) {
  const response = await fetch(path, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` }, signal });
  if (!response.ok) {
    let errors = [{ field: '', message: `the live feed answered ${response.status}` }];
    try {
      errors = (await response.json()).errors || errors;
    } catch (e) { /* keep the generic message */ }
    throw new ApiError(response.status, errors);
  }
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
      if (data.length) {
        let parsed = null;
        try {
          parsed = JSON.parse(data.join('\n'));
        } catch (e) {
          parsed = null;
        }
        onEvent(name, parsed);
      }
    }
  }
}
