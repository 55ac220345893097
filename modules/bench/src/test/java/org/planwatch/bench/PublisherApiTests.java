package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The publisher's answers read back with Jackson. */
class PublisherApiTests {

    @Test
    void aBatchAnswersAcceptedCountIsReadWhereverItStands() {
        assertThat(PublisherApi.accepted("{\"accepted\":10,\"rejected\":0,\"results\":[{\"index\":0,\"status\":202}]}"))
            .isEqualTo(10);
        assertThat(PublisherApi.accepted("{\"results\":[{\"accepted\":3}],\"rejected\":1,\"accepted\":9}"))
            .as("not an item's field of the same name")
            .isEqualTo(9);
        assertThat(PublisherApi.accepted("[]")).isZero();
        assertThat(PublisherApi.accepted("{\"rejected\":1}")).isZero();
    }

}
