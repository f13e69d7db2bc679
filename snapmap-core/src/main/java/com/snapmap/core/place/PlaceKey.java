package com.snapmap.core.place;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The search key of a place name: accents dropped, lower case, runs of spaces, hyphens and
 * apostrophes as one space, so "Saint-Étienne", "saint etienne" and "SAINT ÉTIENNE" meet.
 */
public final class PlaceKey {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-'’‘.]+");

    private PlaceKey() {}

    public static String of(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
        String bare = MARKS.matcher(decomposed).replaceAll("");
        // ß, æ, ø and ł have no decomposition: spell them as their searchers type them.
        bare = bare.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("ø", "o").replace("Ø", "o")
                .replace("ł", "l").replace("Ł", "l");
        return SEPARATORS.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }
}
