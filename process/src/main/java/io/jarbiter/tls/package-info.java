/**
 * TLS material as Python users have it: PEM files ({@code ca_certs}, {@code certfile}, {@code keyfile})
 * turned into JDK key and trust managers, without keystores; for the broker link and, through
 * {@link io.jarbiter.tls.ServerTls}, for the HTTP listeners.
 */
package io.jarbiter.tls;
