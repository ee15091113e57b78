"""Field work: walk-and-talk and workshop sessions recorded on tablets, online or offline."""
