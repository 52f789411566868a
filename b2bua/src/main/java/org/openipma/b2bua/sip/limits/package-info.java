/**
 * Limits on what one source address may make the server do: requests per second per address
 * ({@link org.openipma.b2bua.sip.limits.SourceRateLimiter}, applied by
 * {@link org.openipma.b2bua.sip.limits.SourceLimitValve} before any transaction exists).
 */
package org.openipma.b2bua.sip.limits;
