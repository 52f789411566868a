package org.openipma.b2bua.web;

/**
 * Where the HTTP API, the consoles and {@code /metrics} listen, for {@code IpmaServer}.
 *
 * @param address a local address, e.g. {@code 127.0.0.1}
 * @param port a TCP port, 0 for any free one ({@code IpmaServer.httpPort()} tells which)
 * @param metrics what {@code /metrics} serves, or null (then {@code /metrics} answers 404)
 */
public record HttpListen(String address, int port, MetricsExposition metrics) {
}
