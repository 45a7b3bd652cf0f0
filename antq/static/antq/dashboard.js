// The ranking chart: one horizontal bar per child unit. In Arabic the bars grow from the right.
(function () {
  var el = document.getElementById("rank-chart");
  if (!el || !window.echarts) return;
  var names = el.dataset.names.split("|");
  var values = el.dataset.values.split("|").map(Number);
  var rtl = el.dataset.rtl === "1";
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    grid: { left: rtl ? 20 : 10, right: rtl ? 10 : 20, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: "value", inverse: rtl },
    yAxis: { type: "category", data: names, inverse: true, position: rtl ? "right" : "left" },
    series: [{ type: "bar", data: values, itemStyle: { color: "#7a1616" } }],
    tooltip: { trigger: "axis" }
  });
  window.addEventListener("resize", function () { chart.resize(); });
  el.dataset.rendered = String(values.length);
})();
