package main

import "testing"

func TestTruth(t *testing.T) {}
