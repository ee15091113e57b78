"""`make bench`: run every benchmark in turn."""

from bench import submissions, summary

if __name__ == "__main__":
    submissions.main()
    summary.main()
