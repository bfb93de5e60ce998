/**
 * The admin and rep HTTP API: authenticated JSON endpoints that explain what happened to a lead. Every error
 * it returns is JSON naming the problem.
 */
package io.leadrouter.api;
