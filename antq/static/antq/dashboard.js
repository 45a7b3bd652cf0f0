// The dashboard's charts (ECharts, SVG). Mirrored in Arabic the way the ranking chart is: the
// container stays dir="ltr" for ECharts, and the axes are turned around (value axes inverse,
// category labels on the right), so that bars grow from the right.
(function () {
  if (!window.echarts) return;
  var CURRENT = "#7a1616";
  var PREVIOUS = "#b8a3a3";
  var FONT_SIZE = 12;
  var LINE = 15;
  var MAX_LINES = 3;
  var payload = null;
  var source = document.getElementById("group-charts");
  if (source) payload = JSON.parse(source.textContent);

  // Numbers with the language's separators, as the page's own figures (Django's formats).
  var format = payload ? payload.format : { thousands: ",", decimal: "." };
  function number(value, digits) {
    if (value === null || value === undefined || value === "") return "–";
    var fixed = Math.abs(Number(value)).toFixed(digits || 0).split(".");
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, format.thousands);
    var text = fixed[1] && !/^0+$/.test(fixed[1]) ? whole + format.decimal + fixed[1] : whole;
    return (Number(value) < 0 ? "-" : "") + text;
  }
  function shown(value, unit) {
    return unit === "percent" ? number(value, 1) + (value === null ? "" : "%") : number(value);
  }

  // A tooltip built as elements, not as HTML text: ECharts' own markers and layout are style
  // attributes, which the page's Content-Security-Policy refuses. Lines are [colour, label, value].
  function tooltip(title, lines) {
    var box = document.createElement("div");
    var head = document.createElement("div");
    head.textContent = title;
    box.appendChild(head);
    lines.forEach(function (line) {
      var row = document.createElement("div");
      var marker = document.createElement("span");
      marker.className = "chart-marker";
      marker.style.backgroundColor = line[0];
      var value = document.createElement("b");
      var isolated = document.createElement("bdi");
      isolated.textContent = line[2];
      value.appendChild(isolated);
      row.append(marker, line[1] ? line[1] + ": " : "", value);
      box.appendChild(row);
    });
    return box;
  }

  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(text) {
    measure.font = FONT_SIZE + "px " + getComputedStyle(document.body).fontFamily;
    return measure.measureText(text).width;
  }
  // The height ECharts gives a category label broken into lines `width` pixels wide, measured
  // by ECharts' own text layout so that the rows are as tall as their labels.
  function labelHeight(text, width) {
    var label = new echarts.graphic.Text({
      style: {
        text: text,
        width: width,
        overflow: "break",
        fontSize: FONT_SIZE,
        fontFamily: getComputedStyle(document.body).fontFamily,
        lineHeight: LINE
      }
    });
    return label.getBoundingRect().height;
  }

  // A name cut at a word to fit MAX_LINES lines, ending in "…".
  function shorten(name, width) {
    if (labelHeight(name, width) <= MAX_LINES * LINE) return name;
    var words = name.split(" ");
    while (words.length > 1) {
      words.pop();
      var cut = words.join(" ") + "…";
      if (labelHeight(cut, width) <= MAX_LINES * LINE) return cut;
    }
    return words[0];
  }

  function groupChart(el, spec, labels) {
    var rtl = el.dataset.rtl === "1";
    var chart = echarts.init(el, null, { renderer: "svg" });
    var width = 0;

    function option() {
      width = el.clientWidth || 320;
      var labelWidth = Math.max(90, Math.min(260, Math.round(width * (width < 420 ? 0.5 : 0.42))));
      var top = 28; // the legend
      var grids = [];
      var xAxes = [];
      var yAxes = [];
      var series = [];
      spec.panels.forEach(function (panel, i) {
        // a category axis gives every row the same height: that of the tallest label, of at most
        // MAX_LINES lines (a longer name ends in "…"; the list above and the tooltip give it whole)
        var names = panel.names.map(function (name) { return shorten(name, labelWidth); });
        var tallest = Math.max.apply(null, names.map(function (name) {
          return labelHeight(name, labelWidth);
        }));
        var row = Math.max(30, tallest + 10);
        var height = row * names.length;
        // room beyond the longest bar for its value
        var values = panel.current.concat(panel.previous).map(function (v) {
          return textWidth(shown(v, panel.unit));
        });
        var room = Math.ceil(Math.max.apply(null, values.concat([20]))) + 12;
        var side = { top: top, height: height };
        side[rtl ? "right" : "left"] = labelWidth + 10;
        side[rtl ? "left" : "right"] = room;
        grids.push(side);
        yAxes.push({
          gridIndex: i,
          type: "category",
          data: names,
          inverse: true,
          position: rtl ? "right" : "left",
          axisTick: { show: false },
          axisLabel: {
            interval: 0, // every indicator named, never thinned out
            width: labelWidth,
            overflow: "break",
            lineHeight: LINE,
            fontSize: FONT_SIZE,
            color: "#212529",
            align: rtl ? "left" : "right"
          }
        });
        xAxes.push({
          gridIndex: i,
          type: "value",
          inverse: rtl,
          min: 0,
          max: panel.unit === "percent" ? 100 : null,
          interval: panel.unit === "percent" ? (width < 420 ? 50 : 25) : null,
          minInterval: 1,
          splitNumber: width < 420 ? 2 : 4,
          name: panel.axis,
          nameLocation: "middle",
          nameGap: 24,
          nameTextStyle: { fontWeight: "bold", color: "#495057" },
          axisLabel: {
            hideOverlap: true,
            formatter: function (v) { return shown(v, panel.unit); }
          }
        });
        [
          ["current", labels.current, CURRENT, "#212529"],
          ["previous", labels.previous, PREVIOUS, "#6c757d"]
        ].forEach(function (s) {
          var figures = panel[s[0]];
          series.push({
            type: "bar",
            name: s[1],
            xAxisIndex: i,
            yAxisIndex: i,
            // a share of nothing (0 of 0) has no bar, but says so: "–"
            data: figures.map(function (v) { return v === null ? 0 : v; }),
            barMaxWidth: 14,
            barGap: "15%",
            itemStyle: { color: s[2] },
            label: {
              show: true,
              position: rtl ? "left" : "right",
              fontSize: 11,
              color: s[3],
              formatter: function (p) { return shown(figures[p.dataIndex], panel.unit); }
            }
          });
        });
        top += height + (panel.axis ? 46 : 30);
      });
      el.style.height = top + "px";
      return {
        animation: false,
        textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
        legend: rtl
          ? { top: 0, right: 0, align: "right", data: [labels.previous, labels.current] }
          : { top: 0, left: 0, data: [labels.current, labels.previous] },
        grid: grids,
        xAxis: xAxes,
        yAxis: yAxes,
        series: series,
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          confine: true,
          extraCssText: rtl ? "direction: rtl; text-align: right;" : "",
          formatter: function (params) {
            if (!params.length) return "";
            var panel = spec.panels[Math.floor(params[0].seriesIndex / 2)];
            var row = params[0].dataIndex;
            var lines = params.map(function (p) {
              var which = p.seriesIndex % 2 ? "previous" : "current";
              var value = shown(panel[which][row], panel.unit);
              var parts = panel[which + "_parts"];
              if (parts) value += " (" + number(parts[row][0]) + "/" + number(parts[row][1]) + ")";
              var name = which === "current" ? labels.current : labels.previous;
              return [p.color, name, value];
            });
            return tooltip(panel.names[row], lines);
          }
        }
      };
    }

    chart.setOption(option(), true);
    chart.resize();
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (el.clientWidth && el.clientWidth !== width) {
          chart.setOption(option(), true);
          chart.resize();
        }
      }).observe(el);
    }
    el.dataset.rendered = String(
      spec.panels.reduce(function (n, p) { return n + p.names.length; }, 0)
    );
  }

  // About twenty group charts drawn at once kept the page busy for seconds: each is drawn as it
  // comes near the view (IntersectionObserver), and those still undrawn one at a time while the
  // browser is idle, so that the page answers at once and every chart is there before long.
  if (payload) {
    var pending = [];
    var observer = null;
    payload.charts.forEach(function (spec) {
      var el = document.getElementById("chart-" + spec.group);
      if (el && spec.panels.length) pending.push({ el: el, spec: spec });
    });
    var draw = function (item) {
      var at = pending.indexOf(item);
      if (at < 0) return;
      pending.splice(at, 1);
      if (observer) observer.unobserve(item.el);
      groupChart(item.el, item.spec, payload.labels);
    };
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); };
    var drawNextWhenIdle = function () {
      idle(function () {
        if (!pending.length) return;
        draw(pending[0]);
        drawNextWhenIdle();
      }, { timeout: 1000 });
    };
    if (window.IntersectionObserver) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          pending.filter(function (item) { return item.el === entry.target; }).forEach(draw);
        });
      }, { rootMargin: "200px 0px" });
      pending.forEach(function (item) { observer.observe(item.el); });
    } else {
      pending.slice().forEach(draw);
    }
    drawNextWhenIdle();
  }

  // The ranking chart: one horizontal bar per child unit. In Arabic the bars grow from the right.
  var el = document.getElementById("rank-chart");
  if (!el) return;
  var names = el.dataset.names.split("|");
  var values = el.dataset.values.split("|").map(Number);
  var rtl = el.dataset.rtl === "1";
  // 22 px a unit; set here rather than in the page, whose policy allows no inline styles
  el.style.height = names.length * 22 + "px";
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    // drawn at once, as the group charts are: a bar that grows in over a second is not there yet
    // for a reader (or a test) who looks at the chart the moment it says it is rendered
    animation: false,
    grid: { left: rtl ? 20 : 10, right: rtl ? 10 : 20, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: "value", inverse: rtl, axisLabel: { formatter: function (v) { return number(v); } } },
    yAxis: { type: "category", data: names, inverse: true, position: rtl ? "right" : "left" },
    series: [{ type: "bar", data: values, itemStyle: { color: "#7a1616" } }],
    tooltip: {
      trigger: "axis",
      formatter: function (params) {
        return tooltip(params[0].name, params.map(function (p) {
          return [p.color, "", number(p.value)];
        }));
      }
    }
  });
  window.addEventListener("resize", function () { chart.resize(); });
  el.dataset.rendered = String(values.length);
})();
