package com.snapmap.stack;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The values the Flink verbs ({@link FlinkClusterCommand}) take, checked as the command line is parsed. */
final class FlinkVerbValues {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    private FlinkVerbValues() {
    }

    /** A savepoint path as an option's value: see {@link FlinkClusterCommand#savepointUri}. */
    static final class SavepointUri implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return FlinkClusterCommand.savepointUri(value);
        }
    }

    /** A Flink job id, 32 hex digits. */
    static final class JobId implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!JOB_ID.matcher(value).matches()) {
                throw new TypeConversionException("'" + value + "' is not a job id (32 hex digits; see: ./snapmap jobs)");
            }
            return value;
        }
    }

    /** A count or a number of seconds: at least 1. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the message below names the value
            }
            throw new TypeConversionException("'" + value + "' is not a positive integer");
        }
    }
}
