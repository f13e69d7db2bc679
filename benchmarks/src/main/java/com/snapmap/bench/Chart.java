package com.snapmap.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/** The throughputs side by side as a PNG bar chart (log scale: they span four orders of magnitude). */
public final class Chart {

    private Chart() {}

    public static void write(Path png, Map<String, Double> photosPerSecond, String title) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        photosPerSecond.forEach((name, v) -> {
            if (v != null && !v.isNaN() && v > 0) {
                data.addValue(v, "photos/s", name);
            }
        });
        JFreeChart chart = ChartFactory.createBarChart(title, null, "photos/s (log)", data,
                PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        double min = photosPerSecond.values().stream().filter(v -> v != null && v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
        double max = photosPerSecond.values().stream().filter(v -> v != null && v > 0).mapToDouble(Double::doubleValue).max().orElse(10);
        LogAxis axis = new LogAxis("photos/s (log)");
        axis.setRange(min / 2, max * 2);
        plot.setRangeAxis(axis);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBase(min / 2); // bars grow from the bottom of the log axis, not from 0
        bars.setIncludeBaseInRange(false);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 600);
    }
}
