// Charts through Apache ECharts (the WebJar in the jar, no CDN). Tooltips render on the canvas (richText): the
// Content Security Policy forbids the inline styles of ECharts' HTML tooltips. Every chart carries a text summary
// for screen readers (role="img" + aria-label) and has its numbers in a table next to it.
import * as echarts from '/webjars/echarts/dist/echarts.esm.min.js';

const charts = new Set();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

export function disposeAll() {
  charts.forEach((c) => c.dispose());
  charts.clear();
}

export function chart(container, option, summary) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', summary);
  const c = echarts.init(container, null, { renderer: 'canvas' });
  c.setOption({
    animation: false,
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 48, right: 16, top: 40, bottom: 56, containLabel: true },
    ...option,
  });
  charts.add(c);
  container.dataset.rendered = 'true';
  return c;
}

export function bars(container, categories, series, summary, extra) {
  return chart(container, {
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', ...s })),
    ...extra,
  }, summary);
}
