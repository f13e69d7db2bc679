package com.snapmap.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The record round trips of {@link RecordBenchmarks}, each against its baseline, alternated in
 * blocks and timed in thread CPU time: on a machine busy with other work, where JMH's wall-clock
 * rows swing by more than the ratios they should show, the ratio of two neighbouring blocks
 * still holds. Prints per record the median CPU ns of each and the median ratio with its
 * quartiles. Arguments: rounds (default 30).
 */
public final class PairedRoundTrips {

    private static final int BLOCK = 20_000;
    private static volatile Object sink;

    private PairedRoundTrips() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        RecordBenchmarks b = new RecordBenchmarks();
        b.setUp();
        Map<String, Callable<?>[]> pairs = new LinkedHashMap<>();
        pairs.put("eventDocument", new Callable<?>[] {b::eventDocumentRoundTrip, b::eventDocumentRoundTripBaseline});
        pairs.put("sourceRecord", new Callable<?>[] {b::sourceRecordRoundTrip, b::sourceRecordRoundTripBaseline});
        pairs.put("cellPhoto", new Callable<?>[] {b::cellPhotoRoundTrip, b::cellPhotoRoundTripBaseline});
        pairs.put("linkFact", new Callable<?>[] {b::linkFactRoundTrip, b::linkFactRoundTripBaseline});
        pairs.put("borderFact", new Callable<?>[] {b::borderFactRoundTrip, b::borderFactRoundTripBaseline});
        pairs.put("labelFact", new Callable<?>[] {b::labelFactRoundTrip, b::labelFactRoundTripBaseline});
        pairs.put("photoWrite", new Callable<?>[] {b::photoWriteRoundTrip, b::photoWriteRoundTripBaseline});
        for (Callable<?>[] pair : pairs.values()) { // every one compiled before any is timed
            for (int w = 0; w < 30; w++) {
                run(pair[0]);
                run(pair[1]);
            }
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Callable<?>[]> e : pairs.entrySet()) {
            Callable<?> own = e.getValue()[0];
            Callable<?> pojo = e.getValue()[1];
            double[] ownNs = new double[rounds];
            double[] pojoNs = new double[rounds];
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                run(own);
                long t1 = cpu.getCurrentThreadCpuTime();
                run(pojo);
                long t2 = cpu.getCurrentThreadCpuTime();
                ownNs[i] = (t1 - t0) / (double) BLOCK;
                pojoNs[i] = (t2 - t1) / (double) BLOCK;
                ratio[i] = pojoNs[i] / ownNs[i];
            }
            Arrays.sort(ownNs);
            Arrays.sort(pojoNs);
            Arrays.sort(ratio);
            System.out.printf("%-14s own %5.0f ns, POJO %5.0f ns: %.2fx (quartiles %.2f-%.2f)%n", e.getKey(),
                    ownNs[rounds / 2], pojoNs[rounds / 2], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
    }

    private static void run(Callable<?> op) throws Exception {
        for (int i = 0; i < BLOCK; i++) {
            sink = op.call();
        }
    }
}
