package org.openipma.routing;

/**
 * A configuration that cannot be used. The message names the file, the path of the field, the value and
 * the rule, e.g. {@code config/lab.yaml: phones[1].lines[1].css: 'CSS_IMPA' is not defined (defined:
 * CSS_DEFAULT, CSS_IPMA, CSS_INTERCOM)}.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
