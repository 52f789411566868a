package org.openipma.b2bua.web;

/**
 * The HTTP server cannot listen (port in use, address not local): one line saying which and why, for
 * {@code ipma run} to print before it exits 2. Nothing is left running when it is thrown.
 */
public final class WebStartupException extends IllegalStateException {
    public WebStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
