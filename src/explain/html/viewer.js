/* global document */
// kcheck's step-through viewer. It reads the JSON embedded in the page and draws every piece of it with
// textContent: no data ever reaches innerHTML, so a record value that looks like markup is only text.
(function viewer() {
  'use strict';
  const data = JSON.parse(document.getElementById('kcheck-data').textContent);
  const steps = data.steps;
  const violationStep = data.violation ? data.violation.step : -1;
  const watched = new Set(data.violation ? data.violation.values : []);
  const FLIGHT_SHOWN_MAX = 40;
  const PHASE_NAMES = { boot: 'boot', faults: 'fault phase', repair: 'repair', converge: 'convergence', finalRead: 'final read' };
  let current = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function byId(id) {
    return document.getElementById(id);
  }

  function renderHeader() {
    byId('title').textContent = data.title;
    const headline = byId('headline');
    headline.textContent = data.headline;
    headline.className = 'badge ' + (data.violation ? 'bad' : 'ok');
    byId('statement').textContent = data.statement;
    byId('meta').textContent = data.settings + ' · broker ' + data.broker + ' · seed ' + data.seed + ' path "' + data.path + '" · kcheck ' + data.kcheckVersion + ' · ' + data.traceFile;
    const notes = byId('notes');
    for (const note of data.notes) notes.appendChild(el('p', 'note', note));
    const panel = byId('violation');
    if (!data.violation) {
      panel.className = 'violation-panel none';
      byId('violation-title').textContent = 'This run no longer violates ' + data.title;
      byId('go-violation').hidden = true;
    } else {
      const v = data.violation;
      byId('violation-title').textContent = data.verdict + ' at step ' + v.step + ': ' + v.kind;
      byId('violation-message').textContent = v.message;
      byId('violation-cause').textContent = v.cause ? 'Cause: ' + v.cause : '';
      byId('go-violation').textContent = 'Go to step ' + v.step;
    }
    byId('violation-meaning').textContent = data.meaning;
  }

  function renderStepList() {
    const list = byId('step-list');
    let phase = '';
    steps.forEach(function (step, i) {
      if (step.phase !== phase) {
        phase = step.phase;
        list.appendChild(el('li', 'phase-title', PHASE_NAMES[phase] || phase));
      }
      const item = el('li', 'phase-' + step.phase + (step.noop ? ' noop' : '') + (i === violationStep ? ' violating' : ''));
      item.dataset.step = String(i);
      item.appendChild(el('span', 'n', i));
      item.appendChild(el('span', 'label', (i === violationStep ? '✗ ' : '') + step.label));
      item.title = step.noop ? 'no-op: ' + step.noop : step.label;
      item.addEventListener('click', function () {
        show(i);
      });
      list.appendChild(item);
    });
  }

  function marker(kind, text) {
    const node = el('span', 'marker ' + kind);
    node.appendChild(el('span', 'tag', text));
    return node;
  }

  function recordBox(replica, offset, value) {
    let className = 'record ' + (offset < replica.highWatermark ? 'committed' : 'pending');
    if (offset >= replica.freshFrom) className += ' fresh';
    if (watched.has(value)) className += ' watched';
    const box = el('span', className);
    box.appendChild(el('span', 'offset', offset));
    box.appendChild(document.createTextNode(value));
    box.title = 'offset ' + offset + ': ' + value + (offset < replica.highWatermark ? ' (committed)' : ' (above the HW)');
    return box;
  }

  /** At a lost write's step, the leader's log of that partition shows the lost values as missing boxes. */
  function missingValues(replica) {
    const v = data.violation;
    if (!v || current !== v.step || v.kind !== 'lost-write' || replica.partition !== v.partition || replica.role !== 'leader') return [];
    return v.values.filter(function (value) {
      return replica.values.indexOf(value) < 0;
    });
  }

  function renderLog(replica) {
    const log = el('div', 'log');
    const end = replica.values.length;
    if (end === 0 && replica.truncated.length === 0 && missingValues(replica).length === 0) log.appendChild(el('span', 'empty-log', 'empty'));
    for (let offset = 0; offset <= end; offset++) {
      if (offset === replica.highWatermark && offset === end) log.appendChild(marker('both', 'HW = LEO ' + end));
      else if (offset === replica.highWatermark) log.appendChild(marker('hw', 'HW ' + offset));
      else if (offset === end) log.appendChild(marker('leo', 'LEO ' + end));
      if (offset < end) log.appendChild(recordBox(replica, offset, replica.values[offset]));
    }
    missingValues(replica).forEach(function (value) {
      const ghost = el('span', 'record ghost watched missing');
      ghost.appendChild(el('span', 'offset', 'missing'));
      ghost.appendChild(document.createTextNode(value));
      ghost.title = value + ' was acked but is in no log the final read can see';
      log.appendChild(ghost);
    });
    replica.truncated.forEach(function (value, i) {
      const ghost = el('span', 'record ghost' + (watched.has(value) ? ' watched' : ''));
      ghost.appendChild(el('span', 'offset', end + i));
      ghost.appendChild(document.createTextNode(value));
      ghost.title = 'truncated in this step: ' + value;
      log.appendChild(ghost);
    });
    return log;
  }

  function replicaInfo(replica) {
    const info = el('div', 'replica-info');
    info.appendChild(el('span', '', 'p' + replica.partition + ' · '));
    info.appendChild(el('span', 'role ' + replica.role, replica.role === 'none' ? 'no role' : replica.role));
    if (replica.epoch >= 0) info.appendChild(el('span', '', ' · epoch ' + replica.epoch));
    if (replica.role === 'leader') {
      info.appendChild(el('br'));
      info.appendChild(el('span', 'isr', 'ISR [' + replica.isr.join(',') + ']'));
    }
    return info;
  }

  function renderLane(broker) {
    const leads = broker.replicas.some(function (r) {
      return r.role === 'leader';
    });
    const lane = el('div', 'lane ' + broker.status + (leads && broker.status !== 'crashed' ? ' leads' : ''));
    lane.dataset.broker = broker.node;
    const head = el('div', 'lane-head');
    head.appendChild(el('span', 'lane-name', broker.node));
    head.appendChild(el('span', 'status ' + broker.status, broker.status));
    if (broker.status === 'paused') head.appendChild(el('span', 'muted', 'stopped; it still believes what it believed'));
    lane.appendChild(head);
    if (broker.status === 'crashed') {
      lane.appendChild(el('div', 'down-text', 'down — its memory is gone; its disk keeps what was written'));
      return lane;
    }
    for (const replica of broker.replicas) {
      const row = el('div', 'partition-row');
      row.appendChild(replicaInfo(replica));
      row.appendChild(renderLog(replica));
      lane.appendChild(row);
    }
    return lane;
  }

  function renderController(step) {
    const card = byId('controller');
    clear(card);
    card.appendChild(el('h2', '', 'Controller'));
    const table = el('table');
    const head = el('tr');
    ['partition', 'leader', 'epoch', 'ISR'].forEach(function (h) {
      head.appendChild(el('th', '', h));
    });
    table.appendChild(head);
    for (const c of step.controller) {
      const row = el('tr');
      [('p' + c.partition), c.leader < 0 ? 'none (offline)' : 'b' + c.leader, c.epoch, '[' + c.isr.join(',') + ']'].forEach(function (v) {
        row.appendChild(el('td', '', v));
      });
      table.appendChild(row);
    }
    card.appendChild(table);
  }

  function renderInFlight(step) {
    const card = byId('in-flight');
    clear(card);
    card.appendChild(el('h2', '', 'In flight after this step (' + step.inFlight.length + ')'));
    if (step.inFlight.length === 0) {
      card.appendChild(el('div', 'muted', 'nothing: every message sent so far has arrived or was lost'));
      return;
    }
    const list = el('ul', 'flight');
    step.inFlight.slice(0, FLIGHT_SHOWN_MAX).forEach(function (m) {
      list.appendChild(el('li', m.kind, m.from + ' → ' + m.to + ': ' + m.label));
    });
    if (step.inFlight.length > FLIGHT_SHOWN_MAX) list.appendChild(el('li', 'chatter', '… ' + (step.inFlight.length - FLIGHT_SHOWN_MAX) + ' more'));
    card.appendChild(list);
  }

  function renderGroup(step) {
    const card = byId('group');
    clear(card);
    card.hidden = !step.group;
    if (!step.group) return;
    const g = step.group;
    card.appendChild(el('h2', '', 'Consumer group · coordinator ' + g.coordinator));
    const table = el('table');
    const head = el('tr');
    ['member', 'generation', 'owns (started at)', 'status'].forEach(function (h) {
      head.appendChild(el('th', '', h));
    });
    table.appendChild(head);
    for (const m of g.members) {
      const row = el('tr');
      [m.consumer, m.generation, m.owns || '—', m.status].forEach(function (v) {
        row.appendChild(el('td', '', v));
      });
      table.appendChild(row);
    }
    card.appendChild(table);
    const commits = g.committed.map(function (c) {
      return 'p' + c.partition + '@' + c.offset + ' (' + c.consumer + ', gen ' + c.generation + ')';
    });
    card.appendChild(el('div', 'muted', 'committed (acknowledged): ' + (commits.length > 0 ? commits.join(', ') : 'nothing yet')));
  }

  function renderBanner(step, i) {
    const banner = byId('step-banner');
    banner.className = 'step-banner' + (i === violationStep ? ' violating' : '');
    const heading = byId('step-heading');
    clear(heading);
    if (i === violationStep) heading.appendChild(el('span', 'violation-flag', '✗ ' + data.violation.kind));
    heading.appendChild(el('span', 'phase', PHASE_NAMES[step.phase] || step.phase));
    heading.appendChild(el('span', '', 'Step ' + i + ' · ' + step.label));
    heading.appendChild(el('span', 'time', 't = ' + step.timeMs + ' ms'));
    const story = byId('step-story');
    clear(story);
    if (step.noop) story.appendChild(el('li', '', 'no-op: ' + step.noop));
    for (const sentence of step.story) story.appendChild(el('li', sentence.indexOf('→ ') === 0 ? 'violation-line' : '', sentence));
    byId('step-quiet').hidden = step.noop !== null || step.story.length > 0;
  }

  function show(index) {
    current = Math.max(0, Math.min(steps.length - 1, index));
    const step = steps[current];
    document.body.dataset.step = String(current);
    document.body.classList.toggle('at-violation', current === violationStep);
    byId('position').textContent = 'Step ' + current + ' / ' + (steps.length - 1);
    byId('first').disabled = byId('prev').disabled = current === 0;
    byId('last').disabled = byId('next').disabled = current === steps.length - 1;
    for (const item of byId('step-list').querySelectorAll('li[data-step]')) {
      const isCurrent = item.dataset.step === String(current);
      item.classList.toggle('current', isCurrent);
      if (isCurrent) item.scrollIntoView({ block: 'nearest' });
    }
    renderBanner(step, current);
    const lanes = byId('lanes');
    clear(lanes);
    for (const broker of step.brokers) lanes.appendChild(renderLane(broker));
    renderController(step);
    renderInFlight(step);
    renderGroup(step);
  }

  renderHeader();
  renderStepList();
  byId('first').addEventListener('click', function () { show(0); });
  byId('prev').addEventListener('click', function () { show(current - 1); });
  byId('next').addEventListener('click', function () { show(current + 1); });
  byId('last').addEventListener('click', function () { show(steps.length - 1); });
  byId('go-violation').addEventListener('click', function () { show(violationStep); });
  document.addEventListener('keydown', function (event) {
    const moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: steps.length - 1, v: violationStep >= 0 ? violationStep : current };
    if (event.altKey || event.ctrlKey || event.metaKey || !(event.key in moves)) return;
    event.preventDefault();
    show(moves[event.key]);
  });
  show(0);
})();
