<?php

namespace Tests\Feature;

use Tests\TestCase;

class ExampleTest extends TestCase
{
    public function test_home(): void
    {
        $this->get('/')->assertStatus(200);
    }
}
