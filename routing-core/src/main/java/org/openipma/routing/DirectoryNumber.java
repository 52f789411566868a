package org.openipma.routing;

import java.util.List;

/**
 * A directory number in a partition, owned by one or more phones (more than one = a shared line: a call
 * to it rings every registered phone that has it).
 */
public final class DirectoryNumber implements Target {
    private final String dn;
    private final String partition;
    private final List<IpmaConfig.Phone> phones;
    private final boolean intercom;

    DirectoryNumber(String dn, String partition, List<IpmaConfig.Phone> phones, boolean intercom) {
        this.dn = dn;
        this.partition = partition;
        this.phones = List.copyOf(phones);
        this.intercom = intercom;
    }

    public String dn() {
        return dn;
    }

    public String partition() {
        return partition;
    }

    /** The phones with an appearance of this number, in configuration order. */
    public List<IpmaConfig.Phone> phones() {
        return phones;
    }

    /** Whether this is an intercom line (auto-answer; never intercepted). */
    public boolean isIntercom() {
        return intercom;
    }

    @Override
    public Kind kind() {
        return Kind.PHONE_LINE;
    }

    @Override
    public String describe() {
        StringBuilder names = new StringBuilder();
        for (IpmaConfig.Phone phone : phones) {
            names.append(names.length() == 0 ? "" : ", ").append(phone.name());
        }
        return (intercom ? "intercom line of " : "line of ") + (phones.size() > 1 ? "phones " : "phone ") + names;
    }

    @Override
    public String toString() {
        return dn + "/" + partition;
    }
}
