package com.snapmap.job;

import com.snapmap.core.geo.CellCover;
import com.snapmap.job.model.BorderFact;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * Where the border merge of an event that crosses region borders runs: a tree of geohash
 * prefixes, so that no border fact goes to one key for the whole world.
 *
 * <p>Tier 0 is keyed by the regions' geohash prefix of {@value #G5} characters (about 5 × 5 km),
 * tier 1 by the prefix of {@value #G3} (about 150 km), tier 2 ({@link #ROOT}) by one key. A border
 * edge between regions A and B goes to the deepest tier whose prefix A and B share; a region's part
 * of a border cluster goes to its node of the first tier, with the set of tiers it has edges in. A
 * tier's merge decides and writes the components none of whose parts has edges above it; a
 * component with such edges is handed up, whole, as one part, to the node's parent (the MR-DBSCAN
 * merge, applied level by level). Each node has one parent (a prefix of its prefix), so every part
 * of an event reaches the node that sees all of it, each along one fixed path.
 *
 * <p>A set of tiers is an int with bit {@code t} for tier {@code t}.
 */
public final class BorderTiers {

    /** Prefix length of tier 0. */
    public static final int G5 = 5;
    /** Prefix length of tier 1. */
    public static final int G3 = 3;
    /** Prefix length of each tier; the last is the root (one key). */
    static final int[] PREFIX = {G5, G3, 0};
    public static final int COUNT = PREFIX.length;
    public static final int ROOT = COUNT - 1;
    /** The root's one key (the border merge's key before it had tiers, so its savepoint state stays). */
    public static final String ROOT_KEY = "border";

    /** Border facts for tier {@code t}, from the registries and from the tiers below it. */
    private static final OutputTag<BorderFact>[] TAGS = tags();

    private BorderTiers() {}

    @SuppressWarnings("unchecked")
    private static OutputTag<BorderFact>[] tags() {
        OutputTag<BorderFact>[] tags = new OutputTag[COUNT];
        for (int t = 0; t < COUNT; t++) {
            tags[t] = new OutputTag<>("border-tier-" + t, TypeInformation.of(BorderFact.class));
        }
        return tags;
    }

    public static OutputTag<BorderFact> tag(int tier) {
        return TAGS[tier];
    }

    /**
     * The tier a region's parts go to: the deepest whose nodes hold more than one region (above
     * it, they go up node by node).
     */
    public static int firstTier(String region) {
        if (isPolar(region)) {
            return ROOT;
        }
        for (int t = 0; t < ROOT; t++) {
            if (PREFIX[t] < region.length()) {
                return t;
            }
        }
        return ROOT;
    }

    /** The tier of an edge between two distinct regions: the deepest whose prefix they share. */
    public static int tierOf(String regionA, String regionB) {
        if (isPolar(regionA) || isPolar(regionB) || regionA.length() != regionB.length()) {
            return ROOT;
        }
        int common = 0;
        while (common < regionA.length() && regionA.charAt(common) == regionB.charAt(common)) {
            common++;
        }
        for (int t = 0; t < ROOT; t++) {
            if (PREFIX[t] <= common) {
                return t;
            }
        }
        return ROOT;
    }

    /**
     * The node of {@code tier} above a region or a node of a lower tier (whose key is a geohash
     * prefix longer than the tier's).
     */
    public static String node(String regionOrNode, int tier) {
        if (tier == ROOT) {
            return ROOT_KEY;
        }
        if (isPolar(regionOrNode) || regionOrNode.length() < PREFIX[tier]) {
            throw new IllegalArgumentException("no tier-" + tier + " node above " + regionOrNode);
        }
        return regionOrNode.substring(0, PREFIX[tier]);
    }

    /** The region of a local label ({@code region/photoId}). */
    public static String regionOf(String label) {
        int slash = label.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a local label: " + label);
        }
        return label.substring(0, slash);
    }

    public static int bit(int tier) {
        return 1 << tier;
    }

    /** The tiers of the set above {@code tier}. */
    public static int above(int tiers, int tier) {
        return tiers & ~((bit(tier) << 1) - 1);
    }

    private static boolean isPolar(String region) {
        return region.equals(CellCover.NORTH_POLAR_CELL) || region.equals(CellCover.SOUTH_POLAR_CELL);
    }
}
