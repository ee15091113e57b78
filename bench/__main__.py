"""`make bench`: run every benchmark in turn."""

from bench import submissions

if __name__ == "__main__":
    submissions.main()
