package com.snapmap.bench;

/** The few divisions every figure of the table is made of, with "not measured" as NaN. */
public final class Rates {

    private Rates() {}

    /** Items per second; NaN when nothing was timed. */
    public static double perSecond(long items, long nanos) {
        return nanos <= 0 ? Double.NaN : items * 1e9 / nanos;
    }

    /** CPU microseconds spent per item (all cores of the process together). */
    public static double cpuMicrosPer(long cpuNanos, long items) {
        return items <= 0 ? Double.NaN : cpuNanos / 1e3 / items;
    }

    /** {@code a / b}, NaN when either is missing or b is zero. */
    public static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }
}
