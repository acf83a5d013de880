"""预约办理 (appointments): slots, booking, the day's list, the 预约单, the sweep that
records a missed appointment. The models are ``matters.models.appointment``."""
