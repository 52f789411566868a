/**
 * The registrar (RFC 3261 §10): {@link org.openipma.b2bua.sip.registrar.Registrar} answers REGISTER,
 * {@link org.openipma.b2bua.sip.registrar.BindingStore} is the location service the call path looks contacts
 * up in, and {@link org.openipma.b2bua.sip.registrar.LineOwnership} is what it asks the configuration.
 */
package org.openipma.b2bua.sip.registrar;
