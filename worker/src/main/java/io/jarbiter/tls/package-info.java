/**
 * TLS material as Python users have it: PEM files ({@code ca_certs}, {@code certfile}, {@code keyfile})
 * turned into JDK key and trust managers, without keystores.
 */
package io.jarbiter.tls;
