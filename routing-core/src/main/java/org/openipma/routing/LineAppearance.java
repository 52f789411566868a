package org.openipma.routing;

/**
 * One line on one phone, with the CSS its calls are analysed through: the line CSS followed by the device
 * CSS, computed once when the configuration is compiled.
 */
public record LineAppearance(IpmaConfig.Phone phone, IpmaConfig.Line line, DirectoryNumber number,
                             CallingSearchSpace effectiveCss) {

    public String dn() {
        return line.dn();
    }

    @Override
    public String toString() {
        return line.dn() + "/" + line.partition() + " on " + phone.name();
    }
}
