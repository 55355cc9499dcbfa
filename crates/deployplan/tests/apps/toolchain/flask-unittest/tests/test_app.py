import unittest

from app import app


class AppTest(unittest.TestCase):
    def test_index(self):
        self.assertEqual(app.test_client().get('/').status_code, 200)
