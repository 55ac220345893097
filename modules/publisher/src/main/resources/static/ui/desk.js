// Draws the initiative page's chart from the table under it, so the figures are on the page without script.
(function () {
  var table = document.querySelector('table[data-chart="progress"]');
  var box = document.getElementById('chart');
  if (!table || !box || !window.echarts) { return; }
  var series = {};
  table.querySelectorAll('tbody tr').forEach(function (tr) {
    var cells = tr.querySelectorAll('td');
    var name = cells[0].textContent;
    (series[name] = series[name] || []).push([cells[1].textContent, Number(cells[2].textContent)]);
  });
  var styles = { '计划': { type: 'dashed' }, '实际': { type: 'solid' }, '预测': { type: 'dotted' } };
  var chart = echarts.init(box, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    legend: {},
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: Object.keys(series).map(function (name) {
      return { name: name, type: 'line', data: series[name], showSymbol: true, lineStyle: styles[name] || {} };
    })
  });
  box.setAttribute('data-series', Object.keys(series).join(','));
})();
