/**
 * Tests of the Helm chart in helm/leadrouter: lint, render every ci values file and check the rendered objects,
 * with Helm itself running in the JVM (helm-java). No cluster and no helm binary are needed.
 */
package io.leadrouter.chart;
