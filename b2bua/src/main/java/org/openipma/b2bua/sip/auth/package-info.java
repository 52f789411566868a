/**
 * Digest authentication of SIP requests (RFC 3261 §22, RFC 7616): {@link
 * org.openipma.b2bua.sip.auth.DigestAuthenticator} judges a request and builds 401/407 challenges; user
 * secrets come from a {@link org.openipma.b2bua.sip.auth.CredentialStore}. Knows nothing of lines or routing.
 */
package org.openipma.b2bua.sip.auth;
