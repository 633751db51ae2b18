'use strict';
// Colorcache's page: each photo is submitted to /v1/jobs, its job followed over its event
// stream (or polled while every stream is taken), and its result shown over the original.
// Plain browser APIs only, nothing from a CDN: the service may run air-gapped.

const KEY_STORAGE = 'colorcache.apiKey';
/** Uploads sent at once. */
const MAX_UPLOADS = 2;
/** Event streams open at once: a browser opens six connections per host over HTTP/1.1. */
const MAX_STREAMS = 3;
const POLL_MILLIS = 1500;
/** Longer waits than this (a daily quota) are shown, not waited for. */
const MAX_RETRY_SECONDS = 60;

/** A counting semaphore whose waiters are served in order. */
class Slots {
  constructor(count) {
    this.free = count;
    this.waiting = [];
  }

  tryAcquire() {
    if (this.free > 0) {
      this.free--;
      return true;
    }
    return false;
  }

  acquire() {
    return this.tryAcquire() ? Promise.resolve() : new Promise(resolve => this.waiting.push(resolve));
  }

  release() {
    const next = this.waiting.shift();
    if (next) {
      next();
    } else {
      this.free++;
    }
  }
}

const uploads = new Slots(MAX_UPLOADS);
const streams = new Slots(MAX_STREAMS);
const sleep = millis => new Promise(resolve => setTimeout(resolve, millis));

// ------------------------------------------------------------------ the API key

const keySection = document.getElementById('key-section');
const keyReason = document.getElementById('key-reason');
const keyInput = document.getElementById('api-key');
let keyWaiters = [];

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Shows the key form; resolves once a key is entered. */
function askForKey(reason) {
  keySection.hidden = false;
  keyReason.textContent = reason;
  keyInput.focus();
  return new Promise(resolve => keyWaiters.push(resolve));
}

document.getElementById('key-form').addEventListener('submit', event => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) {
    return;
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  keyInput.value = '';
  keyReason.textContent = 'A key is in use in this tab.';
  const waiters = keyWaiters;
  keyWaiters = [];
  waiters.forEach(resolve => resolve());
});

document.getElementById('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  keyReason.textContent = 'The key is forgotten. The next request will ask for one if the service needs it.';
});

// ------------------------------------------------------------------ requests

/** An answer's problem+json, or what can be said without one. */
async function problemOf(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch (ignored) {
    // not problem+json
  }
  return {
    status: response.status,
    type: problem.type || '',
    title: problem.title || `HTTP ${response.status}`,
    detail: problem.detail || '',
  };
}

function retryAfterSeconds(response) {
  const seconds = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}

/**
 * fetch() with the tab's key: a 401 asks for a key and tries again with it; a 429 or 503 whose
 * Retry-After is short is waited out (told through onWait) and tried again.
 */
async function api(path, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers || {});
    const key = apiKey();
    if (key) {
      headers.set('Authorization', `Bearer ${key}`);
    }
    const response = await fetch(path, {
      method: options.method || 'GET', body: options.body, headers, credentials: 'omit', cache: 'no-store',
    });
    if (response.status === 401) {
      const problem = await problemOf(response);
      await askForKey(key ? `That key was not accepted (${problem.detail || problem.title}). Enter another.`
        : 'This service needs an API key.');
      continue;
    }
    if ((response.status === 429 || response.status === 503) && retryAfterSeconds(response) <= MAX_RETRY_SECONDS) {
      const seconds = retryAfterSeconds(response);
      const problem = await problemOf(response);
      options.onWait?.(`${problem.title}: trying again in ${seconds} s`);
      await sleep(Math.max(seconds, 1) * 1000);
      continue;
    }
    return response;
  }
}

// ------------------------------------------------------------------ one photo

const list = document.getElementById('photos');
const template = document.getElementById('photo-template');

function describe(job) {
  switch (job.state) {
    case 'queued':
      return job.queuePosition ? `Queued: position ${job.queuePosition} in the queue` : 'Queued';
    case 'running':
      return 'Colorizing…';
    case 'done':
      return 'Done';
    case 'failed':
      return 'Failed';
    default:
      return job.state;
  }
}

function isFinal(job) {
  return job.state === 'done' || job.state === 'failed';
}

class Photo {
  constructor(file) {
    this.file = file;
    this.node = template.content.firstElementChild.cloneNode(true);
    this.status = this.node.querySelector('.status');
    this.node.querySelector('.name').textContent = file.name;
    this.node.dataset.state = 'waiting';
    list.append(this.node);
    this.say('Waiting to upload');
  }

  say(text, state) {
    this.status.textContent = text;
    if (state) {
      this.node.dataset.state = state;
    }
  }

  fail(problem) {
    const text = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
    this.say(`Not colorized. ${text}`, 'failed');
    this.node.dataset.problem = problem.type || String(problem.status || '');
  }

  async run() {
    try {
      const response = await this.submit();
      if (!response.ok) {
        this.fail(await problemOf(response));
        return;
      }
      const job = await response.json();
      this.jobId = job.id;
      this.node.dataset.job = job.id;
      this.fromCache = response.status === 200;
      this.say(describe(job), job.state);
      const last = isFinal(job) ? job : await this.follow();
      if (last.state === 'failed') {
        this.fail({title: 'The job failed', detail: last.error?.detail || '', type: last.error?.code});
        return;
      }
      await this.showResult();
    } catch (error) {
      this.fail({title: 'No answer from the service', detail: error.message});
    }
  }

  async submit() {
    await uploads.acquire();
    try {
      this.say('Uploading…', 'uploading');
      return await api('/v1/jobs', {
        method: 'POST',
        body: this.file,
        headers: {'Content-Type': this.file.type || 'application/octet-stream', Accept: 'application/json'},
        onWait: text => this.say(text),
      });
    } finally {
      uploads.release();
    }
  }

  /** The job's last state: over its event stream when a stream is free, else polled meanwhile. */
  async follow() {
    for (;;) {
      if (streams.tryAcquire()) {
        try {
          const last = await this.stream();
          if (last && isFinal(last)) {
            return last;
          }
        } finally {
          streams.release();
        }
      }
      const response = await api(`/v1/jobs/${this.jobId}`, {onWait: text => this.say(text)});
      if (!response.ok) {
        throw new Error((await problemOf(response)).detail || `HTTP ${response.status}`);
      }
      const job = await response.json();
      this.say(describe(job), job.state);
      if (isFinal(job)) {
        return job;
      }
      await sleep(POLL_MILLIS);
    }
  }

  /** Reads the job's Server-Sent Events until it ends; the last job seen, or null. */
  async stream() {
    const response = await api(`/v1/jobs/${this.jobId}/events`, {headers: {Accept: 'text/event-stream'}});
    if (!response.ok || !response.body) {
      return null;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    let last = null;
    try {
      for (;;) {
        const {value, done} = await reader.read();
        if (done) {
          return last;
        }
        buffered = (buffered + value).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const data = buffered.slice(0, end).split('\n')
            .filter(line => line.startsWith('data:')).map(line => line.slice(5).trimStart()).join('\n');
          buffered = buffered.slice(end + 2);
          if (data) {
            last = JSON.parse(data);
            this.say(describe(last), last.state);
            if (isFinal(last)) {
              return last;
            }
          }
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  async showResult() {
    const response = await api(`/v1/jobs/${this.jobId}/result`, {onWait: text => this.say(text)});
    if (!response.ok) {
      this.fail(await problemOf(response));
      return;
    }
    this.result = await response.blob();
    const after = this.node.querySelector('.after');
    const before = this.node.querySelector('.before');
    after.alt = `${this.file.name}, colorized`;
    before.alt = `${this.file.name}, as uploaded`;
    after.src = URL.createObjectURL(this.result);
    await after.decode();
    const caption = this.node.querySelector('.dimensions');
    caption.textContent = `${after.naturalWidth} × ${after.naturalHeight} pixels`;
    this.node.dataset.width = String(after.naturalWidth);
    this.node.dataset.height = String(after.naturalHeight);
    this.node.querySelector('.compare').hidden = false;
    this.node.querySelector('.cache').textContent = this.fromCache
      ? 'Answered from the cache (hit).' : 'Colorized for this request (miss).';
    this.node.dataset.cache = this.fromCache ? 'hit' : 'miss';
    before.src = URL.createObjectURL(this.file);
    try {
      await before.decode();
      this.enableSlider(before);
    } catch (ignored) {
      before.hidden = true; // a TIFF: browsers do not show it
      caption.textContent += ' (this browser cannot show the original)';
    }
    this.node.querySelector('.downloads').hidden = false;
    for (const button of this.node.querySelectorAll('.download')) {
      button.addEventListener('click', () => this.download(button.dataset.type).catch(error => {
        this.say(`Download failed: ${error.message}`);
      }));
    }
    this.say('Done', 'done');
  }

  enableSlider(before) {
    const label = this.node.querySelector('.slider');
    const slider = label.querySelector('input');
    const reveal = () => {
      before.style.clipPath = `inset(0 ${100 - slider.value}% 0 0)`;
      slider.setAttribute('aria-valuetext', `${slider.value}% of the width shows the original`);
    };
    slider.addEventListener('input', reveal);
    reveal();
    label.hidden = false;
  }

  /** Saves the result as JPEG or PNG: as answered when it is in that format, else re-encoded here. */
  async download(type) {
    let blob = this.result;
    if (blob.type !== type) {
      const bitmap = await createImageBitmap(blob);
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d').drawImage(bitmap, 0, 0);
      bitmap.close();
      blob = await new Promise((resolve, reject) => canvas.toBlob(
        encoded => encoded ? resolve(encoded) : reject(new Error('the browser could not encode it')), type, 0.92));
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${this.file.name.replace(/\.[^.]*$/, '')}.colorized.${type === 'image/png' ? 'png' : 'jpg'}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }
}

// ------------------------------------------------------------------ picking and dropping

function addAll(files) {
  for (const file of files) {
    new Photo(file).run();
  }
}

const picker = document.getElementById('files');
picker.addEventListener('change', () => {
  addAll([...picker.files]);
  picker.value = ''; // the same file may be picked again
});

const dropZone = document.getElementById('drop-zone');
dropZone.addEventListener('dragover', event => {
  event.preventDefault();
  dropZone.classList.add('over');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', event => {
  event.preventDefault();
  dropZone.classList.remove('over');
  addAll([...event.dataTransfer.files]);
});

if (apiKey()) {
  keySection.hidden = false;
  keyReason.textContent = 'A key is in use in this tab.';
}
