package com.videorelay.provider;

import java.net.URI;
import java.util.Map;

/**
 * Where an asset's bytes are fetched from.
 *
 * @param url         the address to GET
 * @param headers     headers that GET needs (a credential for a provider's own API); never sent on after a redirect
 * @param refreshable true if the address can expire and a fresh one comes from reading the task again
 */
public record ContentSource(URI url, Map<String, String> headers, boolean refreshable) {
}
