from django.test import TestCase


class NoteTests(TestCase):
    def test_truth(self):
        self.assertTrue(True)
