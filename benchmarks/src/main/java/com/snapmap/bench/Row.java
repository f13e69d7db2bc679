package com.snapmap.bench;

/** One line of the table: a figure, its value and unit, the target of docs/SERVICE-LEVELS.md it is read against. */
public final class Row {

    public final String figure;
    public final double value;
    public final String unit;
    public final String target;
    public final String note;

    public Row(String figure, double value, String unit, String target, String note) {
        this.figure = figure;
        this.value = value;
        this.unit = unit;
        this.target = target;
        this.note = note;
    }

    /** Whole numbers above 100, three significant digits below; "n/a" when not measured. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(java.util.Locale.ROOT, "%,.0f", v);
        }
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
