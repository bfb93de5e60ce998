package io.leadrouter.pipeline;

/** Same-person dedupe on the embedded H2 of the zero-setup run. */
class SamePersonTest extends AbstractSamePersonTest {
}
