// The dashboard page: renders each `state` message of /events (a whole DashboardView).
// Every value from the crawl is set as text, never as HTML: hashtags and usernames are
// other people's words.
(() => {
  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat('en-US');
  let chart;
  let last;

  const duration = (ms) => {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `${seconds}s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
    return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  };
  const dayLabel = (day) => `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const setCounter = (name, text) => {
    const node = document.querySelector(`[data-counter="${name}"]`);
    if (node && node.textContent !== text) node.textContent = text;
  };

  function renderHeader(view) {
    $('title').textContent = view.title;
    $('title').title = view.title;
    $('status').textContent = view.status;
    $('status').dataset.status = view.status;
    $('elapsed').textContent = duration(view.elapsedMs);
    $('eta').textContent =
      view.eta === undefined || view.status !== 'running' ? '–' : duration(view.eta.msLeft);
  }

  function renderCounters(view) {
    const c = view.counters;
    setCounter('videos', number.format(c.videos));
    setCounter('pages', number.format(c.pages));
    setCounter('requests', number.format(c.requests));
    setCounter('retries', number.format(c.retries));
    setCounter('duplicates', number.format(c.duplicates));
    setCounter('throttled', `${(c.throttledMs / 1000).toFixed(1)}s`);
    setCounter('videosPerSec', view.rate.videosPerSec.toFixed(1));
    setCounter('requestsPerMin', Math.round(view.rate.requestsPerMin).toString());
  }

  function renderDays(view) {
    $('no-range').hidden = view.days.length > 0;
    for (const [state, count] of Object.entries(view.dayCounts)) {
      document.querySelector(`[data-days="${state}"]`).textContent = number.format(count);
    }
    document.querySelector('[data-testid="windows"]').textContent = view.windows.length;
    document.querySelector('[data-testid="splits"]').textContent = view.splits;
    const starts = new Set(view.windows.map((window) => window.start));
    const strip = $('strip');
    while (strip.children.length > view.days.length) strip.lastChild.remove();
    while (strip.children.length < view.days.length) strip.append(element('div'));
    view.days.forEach(({ day, state }, index) => {
      const cell = strip.children[index];
      const className = `day ${state}${starts.has(day) ? ' window-start' : ''}`;
      if (cell.className !== className) cell.className = className;
      cell.dataset.day = day;
      cell.dataset.state = state;
      cell.title = `${dayLabel(day)}: ${state}`;
    });
    renderAxis(view.days);
  }

  // A label at the first day, at each month's first day, and at the last day.
  function renderAxis(days) {
    const axis = $('strip-axis');
    axis.replaceChildren();
    if (days.length === 0) return;
    const label = (index, text) => {
      const span = element('span', '', text);
      const left = (index / days.length) * 100;
      span.style.left = `${Math.min(left, 94)}%`;
      axis.append(span);
    };
    let lastLabel = -10;
    days.forEach(({ day }, index) => {
      const first = index === 0;
      if ((first || day.endsWith('01')) && index - lastLabel > days.length / 12) {
        label(index, dayLabel(day));
        lastLabel = index;
      }
    });
  }

  function renderChart(view) {
    const data = [view.series.t, view.series.videos, view.series.requests];
    const box = $('chart');
    if (chart === undefined && typeof uPlot === 'function') {
      chart = new uPlot(
        {
          width: box.clientWidth || 600,
          height: 230,
          scales: { x: { time: false } },
          legend: { live: false },
          axes: [
            { label: 'seconds', size: 36 },
            { scale: 'videos', label: 'videos', size: 60 },
            { scale: 'requests', label: 'requests', side: 1, grid: { show: false }, size: 60 },
          ],
          series: [
            { label: 's' },
            { label: 'videos', scale: 'videos', stroke: '#2f6fde', width: 2, fill: '#2f6fde22' },
            { label: 'requests', scale: 'requests', stroke: '#9a5fd1', width: 2 },
          ],
        },
        data,
        box,
      );
      new ResizeObserver(() => chart.setSize({ width: box.clientWidth, height: 230 })).observe(box);
    } else if (chart !== undefined) {
      chart.setData(data);
    }
  }

  function renderQuota(view) {
    const quota = view.quota;
    if (quota === undefined) return;
    const reset = new Date(quota.resetsAt);
    $('quota').classList.remove('muted');
    $('quota').textContent =
      `${number.format(quota.usedToday)} used · ${number.format(quota.left)} left of ` +
      `${number.format(quota.limit)} · resets ${reset.toISOString().slice(11, 16)} UTC`;
    $('quota-bar').style.width = `${Math.min(100, (quota.usedToday / quota.limit) * 100)}%`;
  }

  function renderThrottle(view) {
    const parts = [`${(view.counters.throttledMs / 1000).toFixed(1)}s waited for the limiter`];
    if (view.rate.limiterPerMin !== undefined) {
      parts.push(`limit now ${view.rate.limiterPerMin}/min (${view.throttle.reason})`);
    }
    if (view.throttle.rateCuts > 0) parts.push(`lowered ${view.throttle.rateCuts}× after 429s`);
    $('throttle').textContent = parts.join(' · ');
    const kinds = Object.entries(view.retriesByKind).sort((a, b) => b[1] - a[1]);
    $('kinds').replaceChildren(
      ...kinds.map(([kind, count]) => {
        const item = element('li');
        item.dataset.kind = kind;
        item.append(element('span', '', `${kind} retries`), element('b', '', number.format(count)));
        return item;
      }),
    );
  }

  // Only for a queued crawl (`tikrx queue dashboard`): its workers and what each runs.
  function renderQueue(view) {
    const queue = view.queue;
    $('queue-card').hidden = queue === undefined;
    if (queue === undefined) return;
    const workers = `${queue.workers} worker${queue.workers === 1 ? '' : 's'}`;
    const run = queue.runId === undefined ? '' : ` · run ${queue.runId}`;
    $('queue').textContent =
      `crawl ${queue.crawlId} of ${queue.owner} · ${workers} on the queue${run}` +
      (queue.recurring ? ' · recurring' : '');
    $('queue').dataset.workers = String(queue.workers);
    $('queue-running').replaceChildren(
      ...queue.running.map(({ worker, window, pages }) => {
        const item = element('li');
        item.append(
          element('span', '', `${worker}: ${window}`),
          element('b', '', `${pages} page${pages === 1 ? '' : 's'}`),
        );
        return item;
      }),
    );
  }

  function renderNotices(view) {
    $('no-notices').hidden = view.notices.length > 0;
    $('notices').replaceChildren(
      ...view.notices.map((notice) => {
        const item = element('li');
        item.dataset.level = notice.level;
        const time = element('time', '', new Date(notice.at).toISOString().slice(11, 19));
        const tag = element('span', `tag ${notice.level}-tag`, notice.kind ?? notice.level);
        item.append(time, tag, document.createTextNode(` ${notice.text}`));
        return item;
      }),
    );
  }

  function renderCollected(view) {
    $('collected-note').textContent = view.status === 'running' ? '(so far)' : '';
    const perDay = view.collected.videosPerDay;
    const max = Math.max(1, ...perDay.map((entry) => entry.videos));
    $('per-day').replaceChildren(
      ...perDay.map(({ day, videos }) => {
        const bar = element('div');
        bar.style.height = `${(videos / max) * 100}%`;
        bar.title = `${dayLabel(day)}: ${number.format(videos)} videos`;
        bar.dataset.day = day;
        bar.dataset.videos = videos;
        return bar;
      }),
    );
    const list = (id, entries, prefix) =>
      $(id).replaceChildren(
        ...entries.map(({ name, videos }) => {
          const item = element('li');
          item.append(
            element('span', '', `${prefix}${name}`),
            element('b', '', number.format(videos)),
          );
          return item;
        }),
      );
    list('top-hashtags', view.collected.topHashtags, '#');
    list('top-creators', view.collected.topCreators, '@');
  }

  function render(view) {
    last = view;
    renderHeader(view);
    renderCounters(view);
    renderDays(view);
    renderChart(view);
    renderQuota(view);
    renderThrottle(view);
    renderQueue(view);
    renderNotices(view);
    renderCollected(view);
    document.body.dataset.version = String((Number(document.body.dataset.version) || 0) + 1);
  }

  function connect() {
    const source = new EventSource('/events');
    source.addEventListener('state', (message) => {
      $('banner').hidden = true;
      render(JSON.parse(message.data));
    });
    source.addEventListener('error', () => {
      const ended = last !== undefined && last.status !== 'running';
      $('banner').hidden = false;
      $('banner').textContent = ended
        ? 'The crawl ended and its tikrx process has exited: this is its final state.'
        : 'Lost the connection to tikrx; retrying…';
      if (ended) source.close();
    });
  }

  window.addEventListener('DOMContentLoaded', connect);
})();
