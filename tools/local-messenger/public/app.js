// The local Messenger page: renders what the page sent (read from /api/replies) and sends what the user
// does to /api/events, which signs it and POSTs it to the webhook. Everything is rendered as text
// (textContent), never as HTML, because the content comes from the gateway under test.
'use strict';

const thread = document.getElementById('thread');
const quickReplies = document.getElementById('quick-replies');
const input = document.getElementById('message-input');
let lastIndex = -1;
const locale = navigator.language && navigator.language.startsWith('de') ? 'de-DE' : 'en-GB';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scrollDown() {
  thread.scrollTop = thread.scrollHeight;
}

function note(text, isError) {
  thread.append(el('div', `system${isError ? ' error' : ''}`, text));
  scrollDown();
}

async function send(action, shownAs) {
  if (shownAs) thread.append(el('div', 'msg user', shownAs));
  quickReplies.replaceChildren();
  scrollDown();
  try {
    const response = await fetch('/api/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(action) });
    const result = await response.json();
    if (result.error) note(`webhook not delivered: ${result.error}`, true);
    else if (result.status !== 200) note(`webhook answered ${result.status}`, true);
  } catch (error) {
    note(`local messenger unreachable: ${error}`, true);
  }
}

function money(amount, currency) {
  if (typeof amount !== 'number') return '';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function openAccountLinking(url) {
  const token = `alt_${Math.random().toString(36).slice(2)}`;
  const redirect = new URL('/account-linking/callback', location.origin);
  redirect.searchParams.set('account_linking_token', token);
  const target = new URL(url);
  target.searchParams.set('account_linking_token', token);
  target.searchParams.set('redirect_uri', redirect.toString());
  window.open(target.toString(), 'kontor-account-linking', 'width=480,height=720');
}

function renderButton(button) {
  switch (button.type) {
    case 'postback': {
      const b = el('button', 'postback', button.title);
      b.type = 'button';
      b.addEventListener('click', () => send({ type: 'postback', title: button.title, payload: button.payload }, button.title));
      return b;
    }
    case 'web_url': {
      const a = el('a', 'web-url', button.title);
      a.href = button.url;
      a.target = '_blank';
      a.rel = 'noopener';
      return a;
    }
    case 'account_link': {
      const b = el('button', 'account-link', locale.startsWith('de') ? 'Anmelden' : 'Log in');
      b.type = 'button';
      b.addEventListener('click', () => openAccountLinking(button.url));
      return b;
    }
    case 'account_unlink': {
      const b = el('button', 'account-unlink', locale.startsWith('de') ? 'Abmelden' : 'Log out');
      b.type = 'button';
      b.addEventListener('click', () => send({ type: 'account_linking', status: 'unlinked' }));
      return b;
    }
    default:
      return el('button', 'unsupported', `[${button.type}]`);
  }
}

function renderReceipt(p) {
  const card = el('div', 'card receipt-card');
  const body = el('div', 'receipt');
  body.append(el('h3', 'merchant', p.merchant_name || 'Order confirmation'));
  const row = (label, value, cls) => {
    const r = el('div', `row${cls ? ` ${cls}` : ''}`);
    r.append(el('span', 'label', label), el('span', 'value', value));
    return r;
  };
  body.append(row('Recipient', p.recipient_name), row('Order number', p.order_number), row('Payment method', p.payment_method));
  if (p.timestamp) body.append(row('Order date', new Date(Number(p.timestamp) * 1000).toLocaleString(locale)));
  if (p.address) body.append(row('Ship to', [p.address.street_1, p.address.postal_code, p.address.city, p.address.country].filter(Boolean).join(', ')));
  const items = el('div', 'items');
  for (const item of p.elements || []) {
    const r = el('div', 'row item');
    const left = el('div');
    left.append(el('div', 'title', `${item.quantity ? `${item.quantity} × ` : ''}${item.title}`));
    if (item.subtitle) left.append(el('div', 'subtitle', item.subtitle));
    r.append(left, el('span', 'price', money(item.price, item.currency || p.currency)));
    items.append(r);
  }
  body.append(items);
  for (const a of p.adjustments || []) body.append(row(a.name, `−${money(a.amount, p.currency)}`, 'adjustment'));
  const s = p.summary || {};
  if (s.subtotal !== undefined) body.append(row('Subtotal', money(s.subtotal, p.currency)));
  if (s.shipping_cost !== undefined) body.append(row('Shipping', money(s.shipping_cost, p.currency)));
  if (s.total_tax !== undefined) body.append(row('Tax', money(s.total_tax, p.currency)));
  body.append(row('Total', money(s.total_cost, p.currency), 'total'));
  card.append(body);
  if (p.order_url) {
    const buttons = el('div', 'buttons');
    buttons.append(renderButton({ type: 'web_url', title: 'View order', url: p.order_url }));
    card.append(buttons);
  }
  return card;
}

function renderMessage(reply) {
  const message = reply.message;
  const isAlert = reply.messagingType === 'MESSAGE_TAG';
  let node;
  if (typeof message.text === 'string') {
    node = el('div', `msg bot${isAlert ? ' alert' : ''}`);
    if (isAlert) node.append(el('span', 'tag', reply.tag));
    node.append(document.createTextNode(message.text));
  } else if (message.attachment && message.attachment.type === 'template') {
    const p = message.attachment.payload;
    if (p.template_type === 'receipt') node = renderReceipt(p);
    else if (p.template_type === 'button') {
      node = el('div', `card button-template${isAlert ? ' alert' : ''}`);
      if (isAlert) node.append(el('span', 'tag', reply.tag));
      node.append(el('div', 'card-text', p.text));
      const buttons = el('div', 'buttons');
      for (const b of p.buttons || []) buttons.append(renderButton(b));
      node.append(buttons);
    } else if (p.template_type === 'generic') {
      node = el('div', 'generic-template');
      for (const element of p.elements || []) {
        const card = el('div', 'card generic-element');
        if (element.image_url) {
          const img = el('img', 'generic-image');
          img.src = element.image_url;
          img.alt = '';
          card.append(img);
        }
        const text = el('div', 'card-text');
        text.append(el('strong', 'title', element.title));
        if (element.subtitle) text.append(document.createTextNode(`\n${element.subtitle}`));
        card.append(text);
        const buttons = el('div', 'buttons');
        for (const b of element.buttons || []) buttons.append(renderButton(b));
        card.append(buttons);
        node.append(card);
      }
    } else node = el('div', 'msg bot', `[${p.template_type} template]`);
  } else if (message.attachment && message.attachment.type === 'image' && message.attachment.payload && message.attachment.payload.url) {
    node = el('img', 'msg bot image');
    node.src = message.attachment.payload.url;
    node.alt = 'image';
  } else {
    node = el('div', 'msg bot', `[${message.attachment ? message.attachment.type : 'unsupported'} message]`);
  }
  node.dataset.index = String(reply.index);
  thread.append(node);
  quickReplies.replaceChildren();
  for (const q of message.quick_replies || []) {
    if (q.content_type !== 'text') continue;
    const b = el('button', 'quick-reply', q.title);
    b.type = 'button';
    b.addEventListener('click', () => send({ type: 'quick_reply', text: q.title, payload: q.payload }, q.title));
    quickReplies.append(b);
  }
}

async function poll() {
  try {
    const response = await fetch(`/api/replies?after=${lastIndex}`);
    const result = await response.json();
    if (!response.ok) throw new Error(result.error);
    for (const reply of result.replies) {
      lastIndex = Math.max(lastIndex, reply.index);
      if (reply.message) renderMessage(reply);
      else if (reply.senderAction === 'typing_on') {
        document.querySelectorAll('.typing').forEach((t) => t.remove());
        thread.append(el('div', 'typing', '…'));
      }
      if (reply.message || reply.senderAction === 'typing_off') document.querySelectorAll('.typing').forEach((t) => t.remove());
    }
    if (result.replies.length) scrollDown();
    document.getElementById('config').classList.remove('error');
  } catch (error) {
    document.getElementById('config').textContent = `${error}`;
  } finally {
    setTimeout(poll, 400);
  }
}

document.getElementById('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  void send({ type: 'text', text }, text);
});
document.getElementById('get-started-button').addEventListener('click', () => send({ type: 'postback', title: 'Get Started', payload: 'GET_STARTED' }, 'Get Started'));
document.getElementById('menu-button').addEventListener('click', () => send({ type: 'postback', title: 'Help', payload: 'INTENT|help' }, 'Help'));

fetch('/api/config')
  .then((r) => r.json())
  .then((config) => {
    document.getElementById('config').textContent = `PSID ${config.psid} · webhook ${config.webhookUrl}`;
  })
  .catch(() => undefined);

// The whole conversation with this user, as Messenger shows the history.
poll();
