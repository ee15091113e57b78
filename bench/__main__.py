"""`make bench`: run every benchmark in turn."""

from bench import pages, submissions, summary

if __name__ == "__main__":
    submissions.main()
    pages.main()
    summary.main()
