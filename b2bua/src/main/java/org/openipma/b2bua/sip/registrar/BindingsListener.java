package org.openipma.b2bua.sip.registrar;

import java.util.List;

/**
 * Learns every change of a line's bindings, with the live bindings afterwards: a REGISTER that adds, refreshes
 * or removes a contact, or an expiry. Called on the {@link BindingStore}'s maintenance thread, in the order the
 * changes happened: it may do I/O (it delays only later listener calls), but must not throw.
 */
@FunctionalInterface
public interface BindingsListener {
    /** {@code line}'s live bindings are now {@code live} (empty: none). */
    void bindingsChanged(PhoneLine line, List<Binding> live);
}
