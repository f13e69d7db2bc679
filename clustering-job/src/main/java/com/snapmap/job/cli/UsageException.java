package com.snapmap.job.cli;

/** A mistake on the command line that picocli cannot see (a missing file): one line, exit status 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
