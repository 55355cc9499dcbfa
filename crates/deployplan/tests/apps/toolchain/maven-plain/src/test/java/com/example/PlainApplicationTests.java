package com.example;

import org.junit.jupiter.api.Test;

class PlainApplicationTests {
    @Test
    void truth() {}
}
