// Start telegram-test-api 4.2.1 on 127.0.0.1 with the fixes python-telegram-bot 22 needs.
//
// The stock emulator does not work with PTB 22 as shipped (see tests/e2e/test_emulator_fixes.py,
// which shows each fix is needed by asking the stock routes). An outer express app answers the
// fixed methods first and hands everything else to the emulator's own app:
//   getMe            adds is_bot (PTB's initialize() fails without it)
//   sendMessage      date in seconds, JSON-string fields parsed, real chat type, 4096/HTML checks
//   editMessageText  returns the edited message (stock: result null)
//   callback updates carry chat_instance; inline queries exist (client /sendInlineQuery)
//   setMyCommands (default and chat scope), setMyDescription, setMyShortDescription, sendChatAction, getWebhookInfo, answerInlineQuery answer instead of HTTP 500
//   getUpdates       honours offset and timeout (long polling)
//   webhooks         carry X-Telegram-Bot-Api-Secret-Token; a failed POST is retried, never a crash
//   faults           client /fault makes a method answer 500, 429 + retry_after, hang, or lose its
//                    response after doing its work; faults can be queued one after another
//   files            client /uploadFile stores bytes for a user's document; getFile and the
//                    /file/bot<token>/<path> download serve them (the stock emulator has neither)
// Usage: node emulator.js PORT   (prints "ready PORT" when listening)
'use strict';

const http = require('http');
const express = require('express');
const axios = require('axios');
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2] || 9000);
const BOT = { id: 666, is_bot: true, first_name: 'Reports', username: 'ReportQaTestBot' };
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre',
  'span', 'tg-spoiler', 'blockquote', 'tg-emoji']);

const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 3600 });
const commands = {};
const scopedCommands = {};
const profile = {};
let allowedUpdates = null;
const callbackAnswers = [];
const inlineAnswers = [];
const faults = {};
const secrets = {};
const pending = [];
const requestCounts = {};
const files = {};
let fileCounter = 0;

function parseJsonFields(body) {
  for (const key of ['reply_markup', 'entities', 'link_preview_options', 'reply_parameters', 'results',
    'commands', 'allowed_updates']) {
    if (typeof body[key] === 'string') {
      try { body[key] = JSON.parse(body[key]); } catch (e) { /* leave as sent */ }
    }
  }
  return body;
}

function chatOf(chatId) {
  const id = Number(chatId);
  return id < 0 ? { id, type: 'group', title: 'Test group' } : { id, type: 'private', first_name: 'User' };
}

// Telegram rejects HTML it cannot parse; the stock emulator accepts anything.
function htmlProblem(text) {
  const stack = [];
  const tagRe = /<\/?([a-zA-Z-]+)[^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<>&]/g;
  let match;
  while ((match = tagRe.exec(text)) !== null) {
    const token = match[0];
    if (token === '<' || token === '>' || token === '&') return `unescaped ${token}`;
    if (match[2] !== undefined) {
      if (!/^(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot)$/.test(match[2])) return `unsupported entity &${match[2]};`;
      continue;
    }
    const name = match[1].toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return `unsupported tag ${name}`;
    if (token.startsWith('</')) {
      if (stack.pop() !== name) return `unbalanced tag ${name}`;
    } else {
      stack.push(name);
    }
  }
  return stack.length ? `unclosed tag ${stack[stack.length - 1]}` : null;
}

function visibleLength(text, parseMode) {
  const plain = parseMode === 'HTML'
    ? text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/g, 'x')
    : text;
  return [...plain].length;
}

function checkText(body, res) {
  const text = String(body.text || '');
  if (!text.trim()) {
    res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    return false;
  }
  if (visibleLength(text, body.parse_mode) > 4096) {
    res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    return false;
  }
  const problem = body.parse_mode === 'HTML' ? htmlProblem(text) : null;
  if (problem) {
    res.status(400).json({ ok: false, error_code: 400, description: `Bad Request: can't parse entities: ${problem}` });
    return false;
  }
  return true;
}

function toMessage(stored) {
  const m = stored.message;
  const message = {
    message_id: stored.messageId,
    date: Math.floor(stored.time / 1000),
    chat: chatOf(m.chat_id),
    from: BOT,
    text: m.text,
  };
  if (m.reply_markup && m.reply_markup.inline_keyboard) message.reply_markup = m.reply_markup;
  if (m.edit_date) message.edit_date = m.edit_date;
  return message;
}

const app = express();
app.use(express.json({ limit: '30mb' }));
app.use(express.urlencoded({ extended: true, limit: '5mb' }));

// Faults: the next `count` calls of `method` answer `status` (429 carries retry_after), hang, or
// (`drop_response`) are carried out but their response is lost, as when a connection breaks after
// Telegram delivered a message. `queue: true` appends a fault to run after the ones queued before.
app.post('/fault', (req, res) => {
  const { method, status, retry_after: retryAfter, count, hang_ms: hangMs, drop_response: drop, queue } = req.body;
  const fault = { status: Number(status || 0), retryAfter: Number(retryAfter || 0),
    count: Number(count === undefined ? 1 : count), hangMs: Number(hangMs || 0), drop: Boolean(drop) };
  if (queue && faults[method]) faults[method].push(fault);
  else faults[method] = [fault];
  res.json({ ok: true, result: true });
});

app.all('/bot:token/:method', (req, res, next) => {
  const method = req.params.method;
  requestCounts[method] = (requestCounts[method] || 0) + 1;
  const queued = faults[method] || [];
  while (queued.length && queued[0].count <= 0) queued.shift();
  const fault = queued[0];
  if (!fault) return next();
  fault.count -= 1;
  if (fault.drop) {
    res.json = () => { res.destroy(); return res; };
    return next();
  }
  if (fault.hangMs) return setTimeout(() => { if (!res.headersSent) res.destroy(); }, fault.hangMs);
  if (fault.status === 429) {
    return res.status(429).json({ ok: false, error_code: 429, description: 'Too Many Requests: retry later',
      parameters: { retry_after: fault.retryAfter || 1 } });
  }
  return res.status(fault.status || 500).json({ ok: false, error_code: fault.status || 500,
    description: 'Internal Server Error' });
});

app.all('/bot:token/getMe', (req, res) => res.json({ ok: true, result: BOT }));

// Files: a test uploads bytes as a user would attach them; the bot fetches them as from Telegram.
app.post('/uploadFile', (req, res) => {
  fileCounter += 1;
  const fileId = `file-${fileCounter}`;
  files[fileId] = Buffer.from(String(req.body.content_base64 || ''), 'base64');
  res.json({ ok: true, result: { file_id: fileId, file_unique_id: `u${fileId}`, file_size: files[fileId].length } });
});

app.all('/bot:token/getFile', (req, res) => {
  const fileId = String(parseJsonFields(req.body).file_id || '');
  if (!(fileId in files)) {
    return res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
  }
  return res.json({ ok: true, result: { file_id: fileId, file_unique_id: `u${fileId}`,
    file_size: files[fileId].length, file_path: `documents/${fileId}` } });
});

app.get('/file/bot:token/documents/:fileId', (req, res) => {
  const data = files[req.params.fileId];
  if (!data) return res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
  return res.type('application/octet-stream').send(data);
});

app.all('/bot:token/sendMessage', (req, res) => {
  const body = parseJsonFields(req.body);
  if (!checkText(body, res)) return;
  server.addBotMessage(body, req.params.token);
  const stored = server.storage.botMessages[server.storage.botMessages.length - 1];
  res.json({ ok: true, result: toMessage(stored) });
});

app.all('/bot:token/editMessageText', (req, res) => {
  const body = parseJsonFields(req.body);
  if (!checkText(body, res)) return;
  const stored = server.storage.botMessages.find((u) => String(u.messageId) === String(body.message_id)
    && String(u.message.chat_id) === String(body.chat_id));
  if (!stored) {
    return res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
  }
  if (stored.message.text === body.text
    && JSON.stringify(stored.message.reply_markup) === JSON.stringify(body.reply_markup)) {
    return res.status(400).json({ ok: false, error_code: 400,
      description: 'Bad Request: message is not modified' });
  }
  stored.message = { ...stored.message, text: body.text, reply_markup: body.reply_markup,
    edit_date: Math.floor(Date.now() / 1000) };
  return res.json({ ok: true, result: toMessage(stored) });
});

app.all('/bot:token/answerCallbackQuery', (req, res) => {
  callbackAnswers.push(parseJsonFields(req.body));
  res.json({ ok: true, result: true });
});

app.all('/bot:token/answerInlineQuery', (req, res) => {
  inlineAnswers.push(parseJsonFields(req.body));
  res.json({ ok: true, result: true });
});

app.all('/bot:token/setMyCommands', (req, res) => {
  const body = parseJsonFields(req.body);
  const scope = typeof body.scope === 'string' ? JSON.parse(body.scope) : body.scope;
  if (scope && scope.type === 'chat') scopedCommands[`${req.params.token}:${scope.chat_id}`] = body.commands;
  else commands[req.params.token] = body.commands;
  res.json({ ok: true, result: true });
});

app.all('/bot:token/setMyDescription', (req, res) => {
  profile.description = String(parseJsonFields(req.body).description || '');
  res.json({ ok: true, result: true });
});

app.all('/bot:token/setMyShortDescription', (req, res) => {
  profile.short_description = String(parseJsonFields(req.body).short_description || '');
  res.json({ ok: true, result: true });
});

app.all('/bot:token/sendChatAction', (req, res) => res.json({ ok: true, result: true }));

app.all('/bot:token/getWebhookInfo', (req, res) => {
  const webhook = server.webhooks[req.params.token];
  res.json({ ok: true, result: { url: webhook ? webhook.url : '', has_custom_certificate: false,
    pending_update_count: pending.length } });
});

app.all('/bot:token/setWebhook', (req, res) => {
  const body = parseJsonFields(req.body);
  server.setWebhook({ url: body.url }, req.params.token);
  if (body.allowed_updates) allowedUpdates = body.allowed_updates;
  secrets[req.params.token] = body.secret_token;
  res.json({ ok: true, result: true });
});

app.all('/bot:token/deleteWebhook', (req, res) => {
  server.deleteWebhook(req.params.token);
  res.json({ ok: true, result: true });
});

// Long polling: updates with update_id >= offset; wait up to `timeout` seconds for one.
app.all('/bot:token/getUpdates', (req, res) => {
  const body = parseJsonFields(req.body);
  if (body.allowed_updates) allowedUpdates = body.allowed_updates;
  const token = req.params.token;
  const offset = Number(body.offset || 0);
  const timeout = Math.min(Number(body.timeout || 0), 50);
  server.storage.userMessages = server.storage.userMessages.filter(
    (u) => u.botToken !== token || !offset || u.updateId >= offset);
  const collect = () => server.storage.userMessages
    .filter((u) => u.botToken === token && (!offset || u.updateId >= offset))
    .map((u) => TelegramServer.formatUpdate(u));
  const now = collect();
  if (now.length || !timeout) return res.json({ ok: true, result: now });
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    server.off('update', finish);
    if (!res.writableEnded && !res.destroyed) res.json({ ok: true, result: collect() });
  };
  const timer = setTimeout(finish, timeout * 1000);
  server.on('update', finish);
  res.on('close', () => { done = true; clearTimeout(timer); server.off('update', finish); });
  return undefined;
});

// Updates carry what Telegram sends: chat_instance on callbacks, inline queries.
const stockFormat = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  if (update.inlineQuery) return { update_id: update.updateId, inline_query: update.inlineQuery };
  const formatted = stockFormat(update);
  if (formatted.callback_query) formatted.callback_query.chat_instance = String(formatted.callback_query.from.id);
  return formatted;
};

// Webhook delivery with the secret token; a failed POST stays queued and is retried.
async function deliver() {
  while (pending.length) {
    const update = pending[0];
    const webhook = server.webhooks[update.botToken];
    if (!webhook) { pending.shift(); server.storage.userMessages.push(update); continue; }
    try {
      const headers = secrets[update.botToken] ? { 'X-Telegram-Bot-Api-Secret-Token': secrets[update.botToken] } : {};
      await axios({ url: webhook.url, method: 'POST', data: TelegramServer.formatUpdate(update), headers,
        timeout: 10000 });
      pending.shift();
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}
let delivering = false;
server.addUserUpdate = async function addUserUpdate(update) {
  if (this.webhooks[update.botToken]) {
    pending.push(update);
    if (!delivering) {
      delivering = true;
      deliver().finally(() => { delivering = false; });
    }
  } else {
    this.storage.userMessages.push(update);
  }
  this.updateId += 1;
  this.emit('update');
};

app.post('/sendInlineQuery', (req, res) => {
  const body = req.body;
  const update = { botToken: body.botToken, time: Date.now(), updateId: server.updateId, isRead: false,
    inlineQuery: { id: String(server.updateId), from: body.from, query: body.query, offset: '' } };
  server.addUserUpdate(update);
  res.json({ ok: true, result: null });
});

// Read-back routes for the tests.
app.post('/botMessages', (req, res) => {
  const messages = server.storage.botMessages
    .filter((u) => u.botToken === req.body.token && String(u.message.chat_id) === String(req.body.chatId))
    .map(toMessage);
  res.json({ ok: true, result: messages });
});
app.post('/callbackAnswers', (req, res) => res.json({ ok: true, result: callbackAnswers }));
app.post('/inlineAnswers', (req, res) => res.json({ ok: true, result: inlineAnswers }));
app.post('/commands', (req, res) => res.json({ ok: true, result: (req.body.chatId
  ? scopedCommands[`${req.body.token}:${req.body.chatId}`] : commands[req.body.token]) || null }));
app.post('/profile', (req, res) => res.json({ ok: true, result: profile }));
// The updates the bot asked for in its last getUpdates or setWebhook (allowed_updates).
app.post('/allowedUpdates', (req, res) => res.json({ ok: true, result: allowedUpdates }));
app.post('/requestCounts', (req, res) => res.json({ ok: true, result: requestCounts }));

app.use(server.webServer);

process.on('unhandledRejection', (error) => { process.stderr.write(`unhandled rejection: ${error}\n`); });
http.createServer(app).listen(port, '127.0.0.1', () => { process.stdout.write(`ready ${port}\n`); });
process.on('SIGTERM', () => process.exit(0));
